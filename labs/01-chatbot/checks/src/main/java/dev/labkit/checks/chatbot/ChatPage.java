package dev.labkit.checks.chatbot;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppPage;
import dev.labkit.checks.sdk.AppResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lab 01's chat page as a browser loads it: {@code GET /} (redirects within the app followed),
 * and the scripts the page loads from the app with {@code <script src>}. The brief's {@code GET /}
 * section states what is looked for, in these words.
 *
 * @param loaded the page and its scripts, as the SDK's {@link AppPage} loads them
 */
record ChatPage(AppPage loaded) {

    /** Markup in the page or in a script's template, or an element a script makes (DOM, React/Preact, Vue). */
    private static final Pattern TEXT_BOX = Pattern.compile(
            "<(?:textarea|input)\\b|(?:createElement\\w*|jsxs?|\\bh)\\(\\s*[\"'`](?:textarea|input)[\"'`]",
            Pattern.CASE_INSENSITIVE);
    // The API's two paths, absolute, relative or built ('/api/chat/' + mode, `${base}/api/chat`), and no other
    // path that starts the same (/api/chat/steam, /api/chats).
    private static final Pattern API = Pattern.compile(
            "api/chat(?:/stream|/(?=[\"'`]|\\$\\{))?(?![\\w/-])", Pattern.CASE_INSENSITIVE);

    static ChatPage load(AppClient app) {
        return new ChatPage(AppPage.load(app));
    }

    /** The answer to {@code GET /}, after redirects. */
    AppResponse page() {
        return loaded.page();
    }

    Map<String, String> scripts() {
        return loaded.scripts();
    }

    List<String> unread() {
        return loaded.unread();
    }

    /** Whether the page or its scripts have a text box: {@code <textarea>}/{@code <input>} markup, or one a script makes. */
    boolean hasTextBox() {
        return loaded.anyText(text -> TEXT_BOX.matcher(text).find());
    }

    /** Whether the page or its scripts name the API, {@code /api/chat} or {@code /api/chat/stream} (or relative). */
    boolean callsTheApi() {
        return loaded.anyText(text -> API.matcher(text).find());
    }

    /** What was read, for messages: the page's way and the scripts' paths. */
    String describe() {
        return loaded.describe();
    }
}
