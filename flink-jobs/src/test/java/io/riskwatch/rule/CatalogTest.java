package io.riskwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the catalog derives from the definitions: selection, the parts to build, what needs a restart. */
class CatalogTest {
    private static final Catalog CATALOG = RuleCatalog.RULES;

    private static RulesConfig rules(String from, String to) throws Exception {
        String text = Files.readString(Path.of("../config/rules.yaml"));
        assertThat(text).contains(from);
        return ConfigLoader.parseRules(text.replace(from, to).replace("version: \"", "version: \"changed-"), "test");
    }

    @Test
    void aChangeNeedsARestartOnlyWhereASymbolOrSequencePartIsBuiltWithIt() throws Exception {
        RulesConfig start = ConfigLoader.defaults().rules();
        // LARGE_TRANSFER's threshold: its own client part follows; STRUCTURING's pattern is built with it
        assertThat(CATALOG.needRestart(
                        start, rules("      STANDARD: 500000\n", "      STANDARD: 400000\n"), CATALOG.ids()))
                .containsExactly("STRUCTURING");
        // HOLDING_TURNING_POINT: minShare is the client part's, moveFraction the symbol part's
        assertThat(CATALOG.needRestart(start, rules("      STANDARD: 0.30\n", "      STANDARD: 0.25\n"), CATALOG.ids()))
                .isEmpty();
        assertThat(CATALOG.needRestart(start, rules("moveFraction: 0.05", "moveFraction: 0.06"), CATALOG.ids()))
                .containsExactly("HOLDING_TURNING_POINT");
        assertThat(CATALOG.needRestart(
                        start, rules("      STANDARD: 30min\n", "      STANDARD: 31min\n"), CATALOG.ids()))
                .containsExactly("EXCESSIVE_CHURNING");
        // a group rule is built at start
        assertThat(CATALOG.needRestart(start, rules("    episodes: 3\n", "    episodes: 4\n"), CATALOG.ids()))
                .containsExactly("SPOOFING");
        // a client rule never needs one
        assertThat(CATALOG.needRestart(
                        start, rules("      STANDARD: 1000000\n", "      STANDARD: 900000\n"), CATALOG.ids()))
                .isEmpty();
        // nor a rule the job does not run
        assertThat(CATALOG.needRestart(
                        start, rules("moveFraction: 0.05", "moveFraction: 0.06"), Set.of("LARGE_TRANSFER")))
                .isEmpty();
    }

    @Test
    void everyRuleIsBuiltFromItsDefinitionAsItsScopeAndKindSay() {
        RulesConfig rules = ConfigLoader.defaults().rules();
        RuleEnvironment env = new RuleEnvironment("Asia/Shanghai");
        assertThat(CATALOG.sequenceRules(rules, CATALOG.ids(), env))
                .extracting(SequenceRule::id)
                .containsExactly("STRUCTURING", "EXCESSIVE_CHURNING");
        assertThat(CATALOG.groupRules(rules, CATALOG.ids(), env))
                .extracting(GroupRule::id)
                .containsExactly("SPOOFING", "RAMPING", "LIMIT_HOLDING", "SELF_TRADE");
        assertThat(CATALOG.symbolRules(rules, CATALOG.ids(), env))
                .extracting(SymbolRule::id)
                .containsExactly("HOLDING_TURNING_POINT");
        assertThat(CATALOG.clientRules(rules, CATALOG.ids(), env))
                .extracting(ClientRule::id)
                .hasSize(10)
                .doesNotContain("STRUCTURING", "EXCESSIVE_CHURNING");
        for (RuleDefinition<?> d : CATALOG.definitions()) {
            assertThat(d.kind()).as(d.id()).isEqualTo(d.sequence() != null ? RuleKind.SEQUENCE : RuleKind.KEYED);
            assertThat(d.scope())
                    .as(d.id())
                    .isEqualTo(
                            d.symbol() != null
                                    ? RuleScope.SYMBOL
                                    : d.group() != null ? RuleScope.GROUP : RuleScope.CLIENT);
        }
    }

    @Test
    void theSelectionNamesTheUnknownRuleAndTheKnownOnes() {
        assertThat(CATALOG.select("none")).isEmpty();
        assertThat(CATALOG.select("all")).containsExactlyElementsOf(CATALOG.ids());
        assertThatThrownBy(() -> CATALOG.select("LARGE_TRANSFER,NOPE"))
                .hasMessageContaining("unknown rule 'NOPE'")
                .hasMessageContaining("EXCESSIVE_CHURNING");
        assertThatThrownBy(() -> Catalog.of(
                        CATALOG.definitions().get(0), CATALOG.definitions().get(0)))
                .hasMessageContaining("defined twice");
        assertThat(List.copyOf(CATALOG.ids())).first().isEqualTo("LARGE_TRANSFER");
    }
}
