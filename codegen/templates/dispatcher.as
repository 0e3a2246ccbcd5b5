{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public class {{ name }} implements IHandler {
    private var _impl:{{ interface }};

    /** A dispatcher to <code>impl</code>; registers every generated class alias. */
    public function {{ name }}(impl:{{ interface }}) {
        {{ registry }}.registerAll();
        _impl = impl;
    }

    /** The implementation the calls go to. */
    public function get impl():{{ interface }} {
        return _impl;
    }

    /** @inheritDoc */
    public function get commands():Array {
        return [{% for command in commands %}{% if !loop.first %}, {% endif %}{{ command }}{% endfor %}];
    }

    /** @inheritDoc */
    public function handleRequest(request:IncomingRequest):void {
{%- for serve in requests %}
        if (request.command == {{ serve.command }}) {
            {{ serve.function }}(request);
            return;
        }
{%- endfor %}
        request.fail("unknown_command", "no request handler for command `" + request.command + "`");
    }

    /** @inheritDoc */
    public function handleMessage(command:String, params:Object):String {
{%- for serve in messages %}
        if (command == {{ serve.command }}) {
            return {{ serve.function }}(params);
        }
{%- endfor %}
        return "no message handler for command `" + command + "`";
    }
{%- for serve in requests %}

    private function {{ serve.function }}(request:IncomingRequest):void {
{%- if !serve.args.is_empty() %}
        var params:Object = request.params;
{%- endif %}
{%- for arg in serve.args %}
{%- if let Some(missing) = arg.missing %}
        if (!params.hasOwnProperty({{ arg.wire }})) {
            request.fail("invalid_params", {{ missing }});
            return;
        }
{%- endif %}
{%- if let Some(check) = arg.check %}
        if (!({{ check }})) {
            request.fail("invalid_params", {{ arg.invalid }});
            return;
        }
{%- endif %}
{%- endfor %}
        _impl.{{ serve.method }}({% for arg in serve.args %}{{ arg.convert }}, {% endfor %}new {{ serve.reply }}(request));
    }
{%- endfor %}
{%- for serve in messages %}

    private function {{ serve.function }}(params:Object):String {
{%- for arg in serve.args %}
{%- if let Some(missing) = arg.missing %}
        if (!params.hasOwnProperty({{ arg.wire }})) {
            return {{ missing }};
        }
{%- endif %}
{%- if let Some(check) = arg.check %}
        if (!({{ check }})) {
            return {{ arg.invalid }};
        }
{%- endif %}
{%- endfor %}
        _impl.{{ serve.method }}({% for arg in serve.args %}{% if !loop.first %}, {% endif %}{{ arg.convert }}{% endfor %});
        return null;
    }
{%- endfor %}
}
}
