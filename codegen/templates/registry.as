{{ header }}
package {{ package }} {
import flash.net.registerClassAlias;
{%- for import in imports %}
import {{ import }};
{%- endfor %}

/**
 * Registers the class alias of every generated class, as the Rust side declares them
 * (<code>#[amf(alias = "...")]</code>), so that Flash Player decodes their objects as instances
 * of these classes. Flex applications read <code>[RemoteClass]</code> too; plain ActionScript
 * needs this call. The generated stubs and dispatchers make it themselves.
 */
public final class {{ name }} {
    private static var registered:Boolean = false;

    /** Registers every alias (once; later calls do nothing). */
    public static function registerAll():void {
        if (registered) {
            return;
        }
        registered = true;
{%- for entry in entries %}
        registerClassAlias({{ entry.0 }}, {{ entry.1 }});
{%- endfor %}
    }
}
}
