package {
import amfsocket.Connection;
import amfsocket.ConnectionEvent;
import amfsocket.ConnectionOptions;
import amfsocket.RpcCallEvent;
import amfsocket.RpcError;
import amfsocket.RpcFailure;
import com.example.admin.Note;
import com.example.board.Circle;
import com.example.chat.RoomEvent;
import com.example.chat.RoomEventTag;
import com.example.chat.RoomState;
import com.example.chat.User;
import com.example.common.Page;
import com.example.common.Priority;
import flash.display.Sprite;
import generated.AdminClient;
import generated.ChatClient;
import generated.ChatJoinCall;
import generated.ChatListRoomsCall;
import generated.ClassAliases;
import generated.ClientSideConfirmReply;
import generated.ClientSideDispatcher;
import generated.ClientSidePickReply;
import generated.ClientSidePointerReply;
import generated.IClientSide;
import generated.Role;
import generated.ShapeTag;

/**
 * Uses the generated API as an application would: it must compile without a warning.
 */
public class Main extends Sprite implements IClientSide {
    private var _connection:Connection;

    public function Main() {
        ClassAliases.registerAll();
        var options:ConnectionOptions = new ConnectionOptions();
        options.requestTimeoutMs = 5000;
        _connection = new Connection("127.0.0.1", 9000, options);
        _connection.addEventListener(ConnectionEvent.OPEN, onOpen);
        _connection.addHandler(new ClientSideDispatcher(this));
        _connection.connect();
    }

    private function onOpen(event:ConnectionEvent):void {
        var chat:ChatClient = new ChatClient(_connection);
        var join:ChatJoinCall = chat.join("lobby")
            .onSuccess(function(state:RoomState):void {
                var first:User = state.members[0] as User;
                trace(state.room, first.displayName, first.score, Role.isValid(first.roles[0]));
            })
            .onFailure(function(failure:RpcFailure):void {
                trace(failure.reason, failure.code, failure.message);
            })
            .timeout(2000);
        join.addEventListener(RpcCallEvent.SUCCESS, function(e:RpcCallEvent):void {
            var state:RoomState = join.value;
            trace(state.room);
        });
        var sent:Boolean = chat.say("hello", Priority.HIGH);
        chat.history("lobby").onSuccess(function(page:Page):void {
            trace(page.total, page.items.length, page.next);
        });
        chat.history("lobby", "cursor", 20);
        var rooms:ChatListRoomsCall = chat.listRooms();
        rooms.onSuccess(function(names:Array):void {
            trace(names.join(", "), rooms.value.length);
        });
        chat.leave().onSuccess(function():void {
            trace("left");
        });
        var circle:Circle = new Circle();
        circle.center = {x: 1, y: 2};
        circle.radius = 3;
        chat.draw(circle, []).onSuccess(function(id:uint):void {
            trace(id);
        });
        var admin:AdminClient = new AdminClient(_connection);
        admin.kickUser(7, null);
        var note:Note = new Note();
        note.text = "pinned";
        note["color"] = "red";
        admin.pinNote(note);
        var user:User = new User();
        user.age = null;
        user.age = 30;
        user.roles = [Role.MODERATOR];
        trace(Role.nameOf(Role.ROOM_OWNER), Priority.fromName("High"), ShapeTag.of(circle), sent);
        _connection.request("echo", {text: "hi"}).onSuccess(function(result:*):void {
            trace(result.text);
        });
    }

    public function confirm(question:String, priority:Object, reply:ClientSideConfirmReply):void {
        reply.success(priority == null || priority == Priority.LOW);
    }

    public function pick(options:Array, defaultIndex:Object, reply:ClientSidePickReply):void {
        if (options.length == 0) {
            throw new RpcError("nothing_to_pick", "no options");
        }
        reply.failure("declined", "the user closed the dialog");
    }

    public function pointer(reply:ClientSidePointerReply):void {
        reply.success({x: mouseX, y: mouseY});
    }

    public function roomEvent(event:RoomEvent, at:Date):void {
        if (event.type == RoomEventTag.JOINED) {
            trace((event.data as User).displayName, at.time);
        }
    }

    public function shutdown():void {
        _connection.close();
    }
}
}
