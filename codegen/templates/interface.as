{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public interface {{ name }} {
{%- for method in methods %}
{%- if !loop.first %}
{% endif %}
{{ method.doc }}    function {{ method.name }}({{ method.params }}):void;
{%- endfor %}
}
}
