// Created by amf-codegen, and yours from now on: it is never overwritten.
package model.game {

/**
 * A tile of the map.
 *
 * <p>The ActionScript twin of the Rust struct <code>Tile</code>, which travels as an object of
 * class alias <code>com.example.game.Tile</code>.</p>
 *
 * <p>Yours to extend: this file was created once and is never overwritten. The members that travel
 * are declared in <code>TileBase</code>, which is regenerated; the <code>[RemoteClass]</code>
 * alias and <code>dynamic</code> are checked on every run.</p>
 */
[RemoteClass(alias="com.example.game.Tile")]
public class Tile extends TileBase {
}
}
