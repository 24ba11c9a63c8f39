package org.apache.flink.cep.operator;

/** Test access to CepOperator's per-key buffers (package-private in Flink), to check that CEP state is gone. */
public final class CepStateProbe {
    private CepStateProbe() {}

    public static <K> boolean holdsState(CepOperator<?, K, ?> operator, K key) throws Exception {
        return operator.hasNonEmptySharedBuffer(key) || operator.hasNonEmptyPQ(key);
    }
}
