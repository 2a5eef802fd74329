package org.layercanvas.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTest {
    @Test
    void shortTextIsQuotedAsIs() {
        assertThat(Quoted.of("iris.csv")).isEqualTo("\"iris.csv\"");
    }

    @Test
    void longTextIsCutAtTheLimit() {
        String shown = Quoted.of("z".repeat(5_000_000));
        assertThat(shown).isEqualTo("\"" + "z".repeat(Quoted.LIMIT) + "…\"");
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(Quoted.of("a\0b\nc\u001b[2Jd\te")).isEqualTo("\"a\\0b\\nc\\u001b[2Jd\\te\"");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        assertThat(Quoted.shown(emoji.repeat(100))).isEqualTo(emoji.repeat(Quoted.LIMIT) + "…");
    }

    @Test
    void escapedKeepsTheWholeText() {
        assertThat(Quoted.escaped("x".repeat(200) + "\n")).hasSize(202);
    }

    @Test
    void aLongPathKeepsItsFileName() {
        String path = "/very" + "/long".repeat(60) + "/weights.safetensors";
        assertThat(Quoted.path(path)).startsWith("…").endsWith("/long/weights.safetensors").hasSize(2 * Quoted.LIMIT + 1);
        assertThat(Quoted.path("/tmp/x.csv")).isEqualTo("/tmp/x.csv");
    }
}
