package com.valorwell.calendar.emulator;

import java.util.List;
import java.util.Map;

/**
 * The consent page a person sees when the emulator is not in auto-approve mode: pick the Google
 * account, untick scopes, Allow or Deny. The form posts the original authorization parameters back in
 * hidden fields to {@code /o/oauth2/v2/auth/decide}. Everything written into the page is escaped.
 */
final class ConsentPage {

    static final String DECIDE_PATH = "/o/oauth2/v2/auth/decide";
    static final String ACCOUNT = "account";
    static final String GRANTED_SCOPE = "granted_scope";
    static final String DECISION = "decision";

    /** Authorization parameters carried from the page to the decision. */
    static final List<String> CARRIED_PARAMETERS = List.of("client_id", "redirect_uri", "response_type", "scope",
            "access_type", "prompt", "include_granted_scopes", "state", "code_challenge", "code_challenge_method",
            "login_hint");

    private ConsentPage() {
    }

    static String render(OAuthEndpoints.AuthRequest request, String account) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Sign in - Google emulator</title>")
                .append("<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}")
                .append("label{display:block;margin:.4em 0}code{word-break:break-all}</style></head><body>\n")
                .append("<h1>Google emulator: consent</h1>\n")
                .append("<p>The application <code>").append(escape(request.clientId()))
                .append("</code> wants to access your Google account.</p>\n")
                .append("<form method=\"post\" action=\"").append(DECIDE_PATH).append("\">\n");
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            html.append("<input type=\"hidden\" name=\"").append(escape(p.getKey()))
                    .append("\" value=\"").append(escape(p.getValue())).append("\">\n");
        }
        html.append("<label>Google account <input type=\"email\" name=\"").append(ACCOUNT)
                .append("\" value=\"").append(escape(account)).append("\" required></label>\n")
                .append("<fieldset><legend>Allow access to</legend>\n");
        for (String scope : request.scopes()) {
            html.append("<label><input type=\"checkbox\" name=\"").append(GRANTED_SCOPE)
                    .append("\" value=\"").append(escape(scope)).append("\" checked> <code>")
                    .append(escape(scope)).append("</code></label>\n");
        }
        html.append("</fieldset>\n")
                .append("<button type=\"submit\" name=\"").append(DECISION).append("\" value=\"allow\">Allow</button>\n")
                .append("<button type=\"submit\" name=\"").append(DECISION).append("\" value=\"deny\">Deny</button>\n")
                .append("</form>\n<p><small>Redirects to <code>").append(escape(request.redirectUri()))
                .append("</code>. Test tooling, not Google.</small></p>\n</body></html>\n");
        return html.toString();
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
