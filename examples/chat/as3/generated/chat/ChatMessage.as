// Created by amf-codegen, and yours from now on: it is never overwritten.
package chat {

/**
 * One line said in a room.
 *
 * <p>The ActionScript twin of the Rust struct <code>ChatMessage</code>, which travels as an object
 * of class alias <code>chat.ChatMessage</code>.</p>
 *
 * <p>Yours to extend: this file was created once and is never overwritten. The members that travel
 * are declared in <code>ChatMessageBase</code>, which is regenerated; the
 * <code>[RemoteClass]</code> alias and <code>dynamic</code> are checked on every run.</p>
 */
[RemoteClass(alias="chat.ChatMessage")]
public class ChatMessage extends ChatMessageBase {
}
}
