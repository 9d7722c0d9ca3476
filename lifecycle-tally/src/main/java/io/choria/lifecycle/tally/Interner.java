package io.choria.lifecycle.tally;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gives each distinct string (a component or a version) a small id, so nodes store 16 bits instead of a reference. */
final class Interner {
    static final int MAX_IDS = 1 << 16;

    private final String what;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    Interner(String what) {
        this.what = what;
    }

    int id(String value) {
        Integer id = ids.get(value);
        if (id != null) {
            return id;
        }
        if (values.size() == MAX_IDS) {
            throw new TallyException("too many distinct " + what + "s (" + MAX_IDS + "), '" + value + "' not recorded");
        }
        int fresh = values.size();
        values.add(value);
        ids.put(value, fresh);
        return fresh;
    }

    /** The id of a value already seen, or -1. */
    int existing(String value) {
        Integer id = ids.get(value);
        return id == null ? -1 : id;
    }

    String value(int id) {
        return values.get(id);
    }
}
