package {
import amfsocket.Connection;
import flash.display.Sprite;
import generated.ChatClient;

/** Misuses the typed stub: `join` takes a String, and there is no `joinRoom`. */
public class Broken extends Sprite {
    public function Broken() {
        var chat:ChatClient = new ChatClient(new Connection("127.0.0.1", 9000));
        chat.join(42);
        chat.joinRoom("lobby");
    }
}
}
