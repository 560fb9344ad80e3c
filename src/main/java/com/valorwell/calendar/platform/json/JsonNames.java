package com.valorwell.calendar.platform.json;

/** The API's JSON names are the snake_case of the Java record components. */
public final class JsonNames {

    private JsonNames() {
    }

    public static String jsonName(String javaName) {
        StringBuilder sb = new StringBuilder(javaName.length() + 4);
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
