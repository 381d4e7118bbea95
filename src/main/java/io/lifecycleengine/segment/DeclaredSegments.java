package io.lifecycleengine.segment;

import java.util.List;
import java.util.Map;

/** The segments of each behavioral dimension that its decision table can decide, members or not. */
public interface DeclaredSegments {

    /** Dimension to its declared segments. */
    Map<String, List<String>> declared();
}
