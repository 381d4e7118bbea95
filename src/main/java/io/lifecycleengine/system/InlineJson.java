package io.lifecycleengine.system;

/** JSON written into an HTML page's script: no "<" at all, as "</script", "<!--" or "<script" in a value would end it early. */
public final class InlineJson {

    private InlineJson() {
    }

    public static String forScript(String json) {
        return json.replace("<", "\\u003c");
    }
}
