{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public {% if dynamic %}dynamic {% endif %}class {{ name }} {
{%- for member in members %}
{%- if !loop.first %}
{% endif %}
{{ member.doc }}
{%- if let Some(element) = member.element %}    [ArrayElementType("{{ element }}")]
{% endif %}    public var {{ member.name }}:{{ member.decl }}{% if let Some(init) = member.init %} = {{ init }}{% endif %};
{%- endfor %}
}
}
