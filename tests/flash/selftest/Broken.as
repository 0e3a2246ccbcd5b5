package {
    import flash.display.Sprite;

    /** Deliberate type errors: ascompile.sh must fail on this file. */
    public class Broken extends Sprite {
        public function Broken() {
            takesInt("not an int", 2);
        }

        private function takesInt(i:int):int {
            return i.noSuchMethod();
        }
    }
}
