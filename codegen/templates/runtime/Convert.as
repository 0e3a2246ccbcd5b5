{{ header }}
package {{ package }} {

/**
 * Checks and conversions of decoded values, used by generated code.
 */
public final class Convert {
    /** Whether <code>value</code> is an object (not null, not an Array). */
    public static function isObject(value:*):Boolean {
        return value != null && typeof value == "object" && !(value is Array);
    }

    /**
     * Whether <code>value</code> is an Array or a Vector whose items all pass
     * <code>item(value):Boolean</code> (any item, if <code>item</code> is null).
     */
    public static function isArray(value:*, item:Function):Boolean {
        if (!(value is Array) && !isVector(value)) {
            return false;
        }
        if (item == null) {
            return true;
        }
        var length:int = value.length;
        for (var i:int = 0; i < length; i++) {
            if (!item(value[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether <code>value</code> is an object whose member values all pass <code>item</code>. */
    public static function isMap(value:*, item:Function):Boolean {
        if (!isObject(value)) {
            return false;
        }
        if (item == null) {
            return true;
        }
        for (var key:String in value) {
            if (!item(value[key])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills <code>vector</code> with the items of the Array or Vector <code>value</code>, each
     * through <code>item(value):*</code> if given; <code>null</code> stays <code>null</code>.
     */
    public static function toVector(value:*, vector:*, item:Function):* {
        if (value == null) {
            return null;
        }
        var length:int = value.length;
        for (var i:int = 0; i < length; i++) {
            vector.push(item != null ? item(value[i]) : value[i]);
        }
        return vector;
    }

    private static function isVector(value:*):Boolean {
        return value is Vector.<*> || value is Vector.<int> || value is Vector.<uint> ||
            value is Vector.<Number>;
    }
}
}
