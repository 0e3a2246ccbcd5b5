{{ header }}
package {{ package }} {

{{ doc }}public final class {{ name }} {
{%- for constant in constants %}
{%- if !loop.first %}
{% endif %}
{{ constant.doc }}    public static const {{ constant.name }}:{{ value_type }} = {{ constant.literal }};
{%- endfor %}
{%- if let Some(tag) = tag %}

    /** The member of an object that holds its tag. */
    public static function get member():String {
        return {{ tag }};
    }

    /** The tag of <code>object</code> (one of the constants, or an unknown value), or <code>null</code>. */
    public static function of(object:Object):String {
        return object != null ? object[{{ tag }}] as String : null;
    }
{%- endif %}

    /** Every value, in the Rust declaration order. */
    public static function values():Array {
        return [{% for constant in constants %}{% if !loop.first %}, {% endif %}{{ constant.name }}{% endfor %}];
    }

    /** The Rust names of the values, in the same order. */
    public static function names():Array {
        return [{% for constant in constants %}{% if !loop.first %}, {% endif %}"{{ constant.rust }}"{% endfor %}];
    }

    /** Whether <code>value</code> is one of the values. */
    public static function isValid(value:*):Boolean {
        return value is {{ value_type }} && values().indexOf(value) >= 0;
    }

    /** The Rust name of <code>value</code>, or <code>null</code> if it is none of the values. */
    public static function nameOf(value:*):String {
        var index:int = value is {{ value_type }} ? values().indexOf(value) : -1;
        return index >= 0 ? names()[index] : null;
    }

    /** The value of the Rust name <code>name</code>; {% if value_type == "int" %}<code>-1</code>{% else %}<code>null</code>{% endif %} if there is none. */
    public static function fromName(name:String):{{ value_type }} {
        var index:int = names().indexOf(name);
        return index >= 0 ? values()[index] : {% if value_type == "int" %}-1{% else %}null{% endif %};
    }
}
}
