{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public class {{ name }} {
    private var _connection:Connection;

    /** A stub that calls through <code>connection</code>; registers every generated class alias. */
    public function {{ name }}(connection:Connection) {
        {{ registry }}.registerAll();
        _connection = connection;
    }

    /** The connection the calls go through. */
    public function get connection():Connection {
        return _connection;
    }
{%- for method in methods %}

{{ method.doc }}    public function {{ method.name }}({{ method.params }}):{{ method.returns }} {
        var $params:Object = {};
{%- for set in method.sets %}
        $params[{{ set.0 }}] = {{ set.1 }};
{%- endfor %}
{%- if let Some(call) = method.call %}
        var $call:{{ call }} = new {{ call }}($params);
        _connection.start($call);
        return $call;
{%- else %}
        return _connection.send({{ method.command }}, $params);
{%- endif %}
    }
{%- endfor %}
}
}
