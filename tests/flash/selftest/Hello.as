package {
    import flash.display.Sprite;

    /** Self-test SWF: traces AMF_TEST_DONE, or AMF_TEST_FAIL when flashvar fail=1. */
    public class Hello extends Sprite {
        public function Hello() {
            var params:Object = loaderInfo.parameters;
            if (params["fail"] == "1") {
                trace("AMF_TEST_FAIL requested by flashvar fail=1");
            } else {
                trace("AMF_TEST_DONE hello");
            }
        }
    }
}
