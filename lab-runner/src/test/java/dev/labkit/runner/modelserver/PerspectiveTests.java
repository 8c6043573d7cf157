package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.runner.modelserver.Passage.Speaker;
import dev.labkit.runner.modelserver.Perspective.Person;
import org.junit.jupiter.api.Test;

class PerspectiveTests {

    private static String spoken(String text, Speaker speaker) {
        return Perspective.spoken(new Passage(text, speaker));
    }

    @Test
    void theUsersWordsAreSaidBackToThem() {
        assertThat(spoken("Hi, I am Ana", Speaker.USER)).isEqualTo("You are Ana");
        assertThat(spoken("My name is Robin and I grow chillies.", Speaker.USER))
                .isEqualTo("Your name is Robin and you grow chillies.");
        assertThat(spoken("I'm Robin.", Speaker.USER)).isEqualTo("You're Robin.");
        assertThat(spoken("I was told that you know roses.", Speaker.USER)).isEqualTo("You were told that I know roses.");
        assertThat(spoken("Thank you for helping me.", Speaker.USER)).isEqualTo("Thank you for helping you.");
    }

    @Test
    void theSystemPromptIsSaidInTheFirstPerson() {
        assertThat(spoken("You are Sprout, a friendly gardening assistant.", Speaker.SYSTEM))
                .isEqualTo("I am Sprout, a friendly gardening assistant.");
        assertThat(spoken("Say so when you are not sure, and help anyone who asks you.", Speaker.SYSTEM))
                .isEqualTo("Say so when I am not sure, and help anyone who asks me.");
        assertThat(spoken("Your name is Lark.", Speaker.SYSTEM)).isEqualTo("My name is Lark.");
    }

    @Test
    void contextAndTheModelsOwnWordsStayAsWritten() {
        assertThat(spoken("I am Sprout.", Speaker.ASSISTANT)).isEqualTo("I am Sprout.");
        assertThat(spoken("You must water daily.", Speaker.CONTEXT)).isEqualTo("You must water daily.");
    }

    @Test
    void knowsWhomAQuestionAsksAbout() {
        assertThat(Perspective.asked("Who are you?")).containsExactly(Person.MODEL);
        assertThat(Perspective.asked("Who are you, and what can you help me with?")).containsExactly(Person.MODEL);
        assertThat(Perspective.asked("What is my name?")).containsExactly(Person.USER);
        assertThat(Perspective.asked("Do you remember my name?")).containsExactlyInAnyOrder(Person.USER, Person.MODEL);
        assertThat(Perspective.asked("Do roses need sun?")).isEmpty();
    }

    @Test
    void knowsWhomAPassageIsAbout() {
        assertThat(Perspective.about(new Passage("Hi, I am Ana", Speaker.USER))).containsExactly(Person.USER);
        assertThat(Perspective.about(new Passage("You are Sprout.", Speaker.SYSTEM))).containsExactly(Person.MODEL);
        assertThat(Perspective.about(new Passage("I am Sprout.", Speaker.ASSISTANT))).containsExactly(Person.MODEL);
        assertThat(Perspective.about(new Passage("I am a document.", Speaker.CONTEXT))).isEmpty();
    }
}
