package dev.llmops.rag.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.llmops.rag.ModelLoadException;
import dev.llmops.rag.Pooling;
import dev.llmops.rag.RagException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One ONNX Runtime session of a BERT-style encoder, shared by every caller: token ids in, one pooled, L2-normalised
 * vector out. Each call runs the session on one sequence (batch size 1, no padding), so a text's vector never
 * depends on which other texts were embedded with it: the int8 models quantise activations per run, and padded
 * batches give visibly different vectors (cosine ~0.98).
 *
 * <p>Thread-safe; create one and share it. {@link #close()} waits for runs in flight.
 */
public final class OnnxEncoder implements AutoCloseable {
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Set<String> inputs;
    private final Pooling pooling;
    private final int dimension;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads the model from a classpath resource.
     *
     * @throws ModelLoadException when the resource is missing, not an ONNX model, or its output is not
     *                            {@code [batch, tokens, dimension]}
     */
    public OnnxEncoder(String onnxResource, Pooling pooling, int dimension, int intraOpThreads) {
        this.env = OrtEnvironment.getEnvironment();
        this.pooling = pooling;
        this.dimension = dimension;
        byte[] model;
        try (InputStream in = ClasspathResources.open(onnxResource, "add the Maven dependency that bundles the model")) {
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model resource " + onnxResource + ": " + e.getMessage(), e);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model, options);
            this.inputs = Set.copyOf(session.getInputNames());
            if (!inputs.contains(INPUT_IDS)) {
                session.close();
                throw new ModelLoadException("model " + onnxResource + " has inputs " + inputs + " but no " + INPUT_IDS
                        + "; use a BERT-style encoder exported to ONNX");
            }
            checkOutput(onnxResource);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load model " + onnxResource + ": " + e.getMessage(), e);
        }
    }

    private void checkOutput(String onnxResource) throws OrtException {
        NodeInfo first = session.getOutputInfo().values().iterator().next();
        if (first.getInfo() instanceof TensorInfo tensor) {
            long[] shape = tensor.getShape();
            if (shape.length == 3 && (shape[2] == dimension || shape[2] < 0)) {
                return;
            }
            session.close();
            throw new ModelLoadException("model " + onnxResource + " outputs shape " + Arrays.toString(shape)
                    + "; expected [batch, tokens, " + dimension + "] (token vectors); check the model's dimension");
        }
        session.close();
        throw new ModelLoadException("model " + onnxResource + " does not output a tensor");
    }

    /** The pooled, L2-normalised vector of one encoded sequence ({@code [CLS]} ... {@code [SEP]}). */
    public float[] encode(int[] ids) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model is closed; create a new one");
            }
            return run(ids);
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] run(int[] ids) {
        int n = ids.length;
        long[] idData = new long[n];
        long[] mask = new long[n];
        for (int i = 0; i < n; i++) {
            idData[i] = ids[i];
            mask[i] = 1;
        }
        long[] shape = {1, n};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(idData), shape));
            if (inputs.contains(ATTENTION_MASK)) {
                feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            if (inputs.contains(TOKEN_TYPE_IDS)) {
                feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n]), shape));
            }
            try (OrtSession.Result result = session.run(feed)) {
                float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                return normalize(pool(tokens));
            }
        } catch (OrtException e) {
            throw new RagException("ONNX Runtime failed to run the embedding model on " + n + " tokens: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private float[] pool(float[][] tokens) {
        if (pooling == Pooling.CLS) {
            return tokens[0].clone();
        }
        // Mean over every token the attention mask covers; one unpadded sequence, so all of them.
        float[] sum = new float[dimension];
        for (float[] token : tokens) {
            for (int d = 0; d < dimension; d++) {
                sum[d] += token[d];
            }
        }
        for (int d = 0; d < dimension; d++) {
            sum[d] /= tokens.length;
        }
        return sum;
    }

    private static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }

    /** Releases the native session once the runs in flight end; later calls fail. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new RagException("ONNX Runtime failed to close the embedding session: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
