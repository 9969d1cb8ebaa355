package io.linnet.builder.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShellLexTest {
    private final Map<String, String> env = Map.of("A", "x", "EMPTY", "", "P", "/usr");
    private final ShellLex lex = new ShellLex('\\', env::get);

    @Test
    void substitutes() {
        assertEquals("x", lex.processWord("$A"));
        assertEquals("x-y", lex.processWord("${A}-y"));
        assertEquals("/usr/bin", lex.processWord("$P/bin"));
        assertEquals("", lex.processWord("$UNSET"));
    }

    @Test
    void modifiers() {
        assertEquals("x", lex.processWord("${A:-d}"));
        assertEquals("d", lex.processWord("${UNSET:-d}"));
        assertEquals("d", lex.processWord("${EMPTY:-d}"));
        assertEquals("", lex.processWord("${EMPTY-d}"));
        assertEquals("alt", lex.processWord("${A:+alt}"));
        assertEquals("", lex.processWord("${UNSET:+alt}"));
        assertEquals("", lex.processWord("${EMPTY:+alt}"));
        assertEquals("alt", lex.processWord("${EMPTY+alt}"));
        assertEquals("x", lex.processWord("${UNSET:-$A}"));
    }

    @Test
    void quotesAndEscapes() {
        assertEquals("$A", lex.processWord("'$A'"));
        assertEquals("x y", lex.processWord("\"$A y\""));
        assertEquals("$A", lex.processWord("\\$A"));
        assertEquals("a\"b", lex.processWord("\"a\\\"b\""));
        assertEquals(List.of("a", "b c", "x"), lex.processWords("a 'b c'  $A"));
    }

    @Test
    void backtickEscape() {
        ShellLex windows = new ShellLex('`', env::get);
        assertEquals("$A", windows.processWord("`$A"));
        assertEquals("c:\\dir", windows.processWord("c:\\dir"));
    }

    @Test
    void rawWordsKeepQuotes() {
        assertEquals(List.of("A=1", "B=\"two words\"", "C='x y'"), ShellLex.rawWords("A=1 B=\"two words\" C='x y'", '\\'));
        assertEquals(List.of("A=a\\ b"), ShellLex.rawWords("A=a\\ b", '\\'));
    }
}
