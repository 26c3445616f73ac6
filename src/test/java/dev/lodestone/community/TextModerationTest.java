package dev.lodestone.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextModerationTest {

    @Test
    void shouldFindABannedChineseWordInsideASentenceWithoutWordBoundaries() {
        TextModeration rules = TextModeration.of(List.of("傻瓜", "代购"));
        assertEquals(Optional.of("傻瓜"), rules.bannedWord("你这个傻瓜为什么不买这个茶壶"));
        assertEquals(Optional.of("代购"), rules.bannedWord("专业代购，私聊"));
        assertEquals(Optional.empty(), rules.bannedWord("这个茶壶很好用，推荐给大家"));
    }

    @Test
    void shouldMatchThroughWidthCaseSpacesPunctuationAndInvisibleCharacters() {
        TextModeration rules = TextModeration.of(List.of("free money", "傻瓜"));
        assertTrue(rules.bannedWord("get ＦＲＥＥ ＭＯＮＥＹ now").isPresent(), "full width, upper case");
        assertTrue(rules.bannedWord("f.r.e.e m-o-n-e-y").isPresent(), "punctuation between letters");
        assertTrue(rules.bannedWord("FreeMoney!!!").isPresent(), "no space");
        assertTrue(rules.bannedWord("傻\u200b瓜").isPresent(), "zero-width space inside");
        assertTrue(rules.bannedWord("傻 。瓜").isPresent(), "ideographic punctuation inside");
        assertFalse(rules.bannedWord("money for free").isPresent(), "other order");
    }

    @Test
    void shouldFindEveryWordOfOverlappingPatternsInOnePass() {
        TextModeration rules = TextModeration.of(List.of("hers", "she", "his"));
        assertEquals(Optional.of("she"), rules.bannedWord("ushers"));
        assertEquals(Optional.of("his"), rules.bannedWord("ahishers"));
        TextModeration suffix = TextModeration.of(List.of("abcd", "bc"));
        assertEquals(Optional.of("bc"), suffix.bannedWord("xabcx"), "a word that is the suffix of a failed prefix");
    }

    @Test
    void shouldTellLinksFromPlainText() {
        assertTrue(TextModeration.hasLink("see https://spam.example"));
        assertTrue(TextModeration.hasLink("go to www.example.org"));
        assertTrue(TextModeration.hasLink("cheap at shop . com"));
        assertTrue(TextModeration.hasLink("买便宜货 taobao.com"));
        assertFalse(TextModeration.hasLink("I paid 3.50 for it. Great."));
    }

    @Test
    void shouldRefuseWordsThatNormaliseToNothing() {
        assertEquals(List.of("!!!"), TextModeration.meaningless(List.of("ok", "!!!")));
    }
}
