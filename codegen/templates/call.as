{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public class {{ name }} extends RpcCall {
    /** A call with <code>params</code>, as the stub builds them. */
    public function {{ name }}(params:Object) {
        super({{ command }}, params, {{ timeout }});
    }

    /**
     * Runs <code>handler</code> when the call succeeds; returns this call.
     *
     * @param handler <code>{{ success_signature }}</code>
     */
    public function onSuccess(handler:Function):{{ name }} {
        addSuccessHandler(handler);
        return this;
    }

    /**
     * Runs <code>handler</code> when the call fails; returns this call.
     *
     * @param handler <code>function(failure:RpcFailure):void</code>
     */
    public function onFailure(handler:Function):{{ name }} {
        addFailureHandler(handler);
        return this;
    }

    /** Sets the timeout in milliseconds (0: none), counted from the call; returns this call. */
    public function timeout(ms:int):{{ name }} {
        changeTimeout(ms);
        return this;
    }
{%- if let Some(result) = result %}

    /** The result, once the call succeeded. */
    public function get value():{{ result.decl }} {
        return {{ result.cast }};
    }
{%- if let Some(check) = result.check %}

    /** @private */
    override protected function isValidResult(raw:*):Boolean {
        return {{ check }};
    }

    /** @private */
    override protected function get expectedResult():String {
        return {{ result.expected }};
    }
{%- endif %}
{%- if let Some(convert) = result.convert %}

    /** @private */
    override protected function convertResult(raw:*):* {
        return {{ convert }};
    }
{%- endif %}
{%- endif %}
}
}
