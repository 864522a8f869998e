using LLama;
using LLama.Common;
using LLama.Native;

namespace MatAssistant.Agent.Tests.Brains.Gguf;

/// <summary>
/// A tiny llama trained to answer one prompt with one specific output (a tool call followed by end of turn) greedily,
/// without any grammar. The transformer blocks keep their seeded random weights; only the output head is trained, by plain
/// C# least squares (target logit 12, all others 0) on the final hidden states that llama.cpp itself computes for the
/// teacher-forced sequence (embeddings mode). Training just the head is a linear least-squares problem, solved in closed
/// form in milliseconds; because the features come from llama.cpp, the greedy generation of the rewritten model follows them.
/// (TorchSharp is not needed for this; its build set-up would change this test project's runtime layout.)
/// </summary>
internal static class TrainedToolCallModel
{
    /// <summary>Shape of the trained model: wider (128) than the ~70 positions it is trained on, so their hidden states are linearly independent.</summary>
    public static TinyLlama.Spec BaseSpec { get; } = new(Embedding: 128, Layers: 2, Heads: 4, FeedForward: 256, Seed: 2024);

    /// <summary>Writes the trained model to <paramref name="path"/> and returns the smallest margin (target logit minus the best other) on the training positions.</summary>
    /// <param name="path">Where the trained GGUF goes.</param>
    /// <param name="prompt">The exact prompt the model will see (render it with <c>LlamaChatClient.RenderPrompt</c>).</param>
    /// <param name="target">What the model must write after the prompt; end of turn follows.</param>
    public static float Train(string path, string prompt, string target)
    {
        var basePath = path + ".base.gguf";
        TinyLlama.Write(basePath, BaseSpec);
        var (features, targets) = Features(basePath, prompt, target);
        File.Delete(basePath);

        var vocab = TinyLlama.Vocabulary.Count;
        var dim = BaseSpec.Embedding;
        var head = new float[vocab * dim];
        var margin = Fit(head, features, targets, vocab, dim);
        TinyLlama.Write(path, BaseSpec with { OutputWeights = head });
        return margin;
    }

    /// <summary>Final (normed) hidden states before each target token and the token each must predict, from llama.cpp.</summary>
    private static (float[][] Features, int[] Targets) Features(string modelPath, string prompt, string target)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = 2048,
            BatchSize = 2048,
            UBatchSize = 2048,
            Threads = 1,
            BatchThreads = 1,
            Embeddings = true,
            PoolingType = LLamaPoolingType.None,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var promptTokens = context.Tokenize(prompt, false, true);
        var allTokens = context.Tokenize(prompt + target, false, true);
        if (!allTokens.AsSpan(0, promptTokens.Length).SequenceEqual(promptTokens))
        {
            throw new InvalidOperationException("Prompt and target do not tokenize as prefix and continuation.");
        }

        // Position i predicts token i+1: from the prompt's last token to the target's last, which predicts end of turn.
        var endOfTurn = (LLamaToken)TinyLlama.IndexOf("<|im_end|>");
        var batch = new LLamaBatch();
        for (var i = 0; i < allTokens.Length; i++)
        {
            batch.Add(allTokens[i], i, LLamaSeqId.Zero, i >= promptTokens.Length - 1);
        }

        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp could not decode the training sequence: {result}.");
        }

        var features = new List<float[]>();
        var targets = new List<int>();
        for (var i = promptTokens.Length - 1; i < allTokens.Length; i++)
        {
            features.Add(context.NativeHandle.GetEmbeddingsIth(i).ToArray());
            targets.Add(i + 1 < allTokens.Length ? (int)allTokens[i + 1] : (int)endOfTurn);
        }

        return ([.. features], [.. targets]);
    }

    /// <summary>
    /// Fits the head so that every position's target logit is <c>Scale</c> and every other logit 0: the minimum-norm least-squares
    /// solution <c>W = Sᵀ (H Hᵀ + λI)⁻¹ H</c>, exact when the positions' hidden states are linearly independent (fewer positions
    /// than the model width). Returns the smallest margin of the fitted head on the training positions.
    /// </summary>
    private static float Fit(float[] head, float[][] features, int[] targets, int vocab, int dim)
    {
        const double scale = 12;
        const double ridge = 1e-6;
        var n = features.Length;
        if (n >= dim)
        {
            throw new InvalidOperationException($"{n} training positions need a model wider than {dim}.");
        }

        // Gram matrix G = H Hᵀ (+ ridge) and right-hand side X = H; solve G X = H by Gaussian elimination with partial pivoting.
        var g = new double[n, n];
        var x = new double[n, dim];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var d = 0; d < dim; d++)
                {
                    sum += (double)features[i][d] * features[j][d];
                }

                g[i, j] = sum + (i == j ? ridge * dim : 0);
            }

            for (var d = 0; d < dim; d++)
            {
                x[i, d] = features[i][d];
            }
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(g[r, col]) > Math.Abs(g[pivot, col]))
                {
                    pivot = r;
                }
            }

            SwapRows(g, col, pivot);
            SwapRows(x, col, pivot);
            for (var r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var f = g[r, col] / g[col, col];
                for (var c = col; c < n; c++)
                {
                    g[r, c] -= f * g[col, c];
                }

                for (var d = 0; d < dim; d++)
                {
                    x[r, d] -= f * x[col, d];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var d = 0; d < dim; d++)
            {
                head[targets[i] * dim + d] += (float)(scale * x[i, d] / g[i, i]);
            }
        }

        var margin = float.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            var best = float.NegativeInfinity;
            var target = 0f;
            for (var v = 0; v < vocab; v++)
            {
                var logit = 0f;
                for (var d = 0; d < dim; d++)
                {
                    logit += head[v * dim + d] * features[i][d];
                }

                if (v == targets[i])
                {
                    target = logit;
                }
                else
                {
                    best = Math.Max(best, logit);
                }
            }

            margin = Math.Min(margin, target - best);
        }

        return margin;
    }

    private static void SwapRows(double[,] m, int a, int b)
    {
        if (a == b)
        {
            return;
        }

        for (var c = 0; c < m.GetLength(1); c++)
        {
            (m[a, c], m[b, c]) = (m[b, c], m[a, c]);
        }
    }
}
