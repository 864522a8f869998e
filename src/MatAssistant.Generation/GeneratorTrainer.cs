using System.Diagnostics;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MatAssistant.Generation;

/// <summary>Which known formulas the generator learns from.</summary>
public enum TrainingFilter
{
    /// <summary>Every formula of the data set (intermetallics included).</summary>
    None,

    /// <summary>Charge-neutral and electronegativity-balanced under the filter's rules: MTransformer's "pure" sets (default).</summary>
    Balanced,

    /// <summary>SMACT validity (alloys and single elements pass).</summary>
    Valid,
}

/// <summary>Training settings.</summary>
/// <param name="Size">Decoder size (default <see cref="GptSize.Default"/>).</param>
/// <param name="MaxEpochs">Epochs; the learning rate decays over them (default 12: about 25 minutes on a busy 2-core machine).</param>
/// <param name="BatchSize">Sequences per step (default 256).</param>
/// <param name="LearningRate">Peak AdamW learning rate (default 3e-3), with warm-up and cosine decay.</param>
/// <param name="WeightDecay">AdamW weight decay (default 0.01).</param>
/// <param name="Patience">Epochs without a better validation loss before stopping (default 3).</param>
/// <param name="Seed">Seed of initialisation, shuffling and dropout (default 1).</param>
/// <param name="Threads">TorchSharp threads (default 1: on the busy 2-core machine two threads were 8× slower).</param>
/// <param name="TimeBudget">Stop after the epoch that crosses this wall-clock time (default 28 minutes).</param>
/// <param name="MaxCount">Largest count token (default 24).</param>
/// <param name="MaxElements">Most distinct elements (default 8).</param>
public sealed record TrainingOptions(
    GptSize? Size = null,
    int MaxEpochs = 12,
    int BatchSize = 256,
    double LearningRate = 3e-3,
    double WeightDecay = 0.01,
    int Patience = 3,
    int Seed = 1,
    int Threads = 1,
    TimeSpan? TimeBudget = null,
    int MaxCount = 24,
    int MaxElements = 8)
{
    public GptSize ResolvedSize => Size ?? GptSize.Default;

    public TimeSpan ResolvedTimeBudget => TimeBudget ?? TimeSpan.FromMinutes(28);
}

/// <summary>Progress of training, reported after every step and at the end of every epoch.</summary>
public sealed record TrainingProgress(int Epoch, int MaxEpochs, int Step, int StepsPerEpoch, double TrainLoss, double? ValidationLoss, TimeSpan Elapsed);

/// <summary>What training did.</summary>
public sealed record TrainingSummary(
    int Epochs,
    int BestEpoch,
    double BestValidationLoss,
    double TestLoss,
    int TrainSequences,
    int ValidationSequences,
    int TestSequences,
    long Parameters,
    TimeSpan Elapsed,
    string StopReason);

/// <summary>
/// Trains <see cref="CompositionGpt"/> by next-token cross-entropy with AdamW, keeps the weights of the best validation
/// epoch (written atomically to a checkpoint file after each improvement), and stops early after
/// <see cref="TrainingOptions.Patience"/> epochs without improvement. Deterministic for a seed and thread count.
/// </summary>
public static class GeneratorTrainer
{
    /// <summary>Trains on <paramref name="train"/>, stops on <paramref name="validation"/>, reports the loss on <paramref name="test"/>.</summary>
    /// <returns>The trained generator (best epoch), its manifest (with training facts) and the summary.</returns>
    public static (CompositionGenerator Generator, TrainingSummary Summary) Train(
        CompositionTokenizer tokenizer,
        IReadOnlyList<Composition> train,
        IReadOnlyList<Composition> validation,
        IReadOnlyList<Composition> test,
        TrainingOptions options,
        string checkpointPath,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.SetThreads(options.Threads);
        var trainSet = Encode(tokenizer, train);
        var validationSet = Encode(tokenizer, validation);
        var testSet = Encode(tokenizer, test);
        if (trainSet.Length == 0 || validationSet.Length == 0)
        {
            throw new ArgumentException("Training needs at least one training and one validation formula the tokenizer can encode.", nameof(train));
        }

        var size = options.ResolvedSize;
        // Seeded under one lock with the initialisation (dropout then draws from the same seeded generator).
        var model = TorchRuntime.Seeded(options.Seed, () => new CompositionGpt(tokenizer.VocabularySize, tokenizer.MaxSequenceLength, size));
        using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, 0.9, 0.98, 1e-8, options.WeightDecay);
        var stepsPerEpoch = (trainSet.Length + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = stepsPerEpoch * options.MaxEpochs;
        var warmup = Math.Min(200, totalSteps / 10);
        var random = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        var epoch = 0;
        var step = 0;
        var stopReason = "max epochs";
        var order = Enumerable.Range(0, trainSet.Length).ToArray();
        while (epoch < options.MaxEpochs)
        {
            epoch++;
            model.train();
            random.Shuffle(order);
            var runningLoss = 0.0;
            for (var b = 0; b < stepsPerEpoch; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                var rate = step < warmup
                    ? options.LearningRate * (step + 1) / warmup
                    : options.LearningRate * (0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, totalSteps - warmup)))));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                using (NewDisposeScope())
                {
                    var batch = order.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, trainSet.Length - (b * options.BatchSize)));
                    using var tokens = Pack(trainSet, batch);
                    optimizer.zero_grad();
                    var loss = Loss(model, tokens);
                    loss.backward();
                    nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                    optimizer.step();
                    var value = loss.item<float>();
                    runningLoss = b == 0 ? value : (0.98 * runningLoss) + (0.02 * value);
                }

                step++;
                progress?.Report(new TrainingProgress(epoch, options.MaxEpochs, b + 1, stepsPerEpoch, runningLoss, null, clock.Elapsed));
            }

            var validationLoss = Evaluate(model, validationSet);
            progress?.Report(new TrainingProgress(epoch, options.MaxEpochs, stepsPerEpoch, stepsPerEpoch, runningLoss, validationLoss, clock.Elapsed));
            if (validationLoss < best - 1e-4)
            {
                best = validationLoss;
                bestEpoch = epoch;
                AtomicFile.Write(checkpointPath, stream => model.save(new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)));
            }
            else if (epoch - bestEpoch >= options.Patience)
            {
                stopReason = $"early stop: no better validation loss for {options.Patience} epochs";
                break;
            }

            if (clock.Elapsed >= options.ResolvedTimeBudget)
            {
                stopReason = $"time budget of {options.ResolvedTimeBudget.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min";
                break;
            }
        }

        model.load(checkpointPath);
        var testLoss = testSet.Length > 0 ? Evaluate(model, testSet) : double.NaN;
        var manifest = new GeneratorManifest
        {
            Elements = tokenizer.Elements.Select(e => e.Symbol).ToArray(),
            MaxCount = tokenizer.MaxCount,
            MaxElements = tokenizer.MaxElements,
            Size = size,
            Parameters = model.ParameterCount,
        };
        var summary = new TrainingSummary(epoch, bestEpoch, best, testLoss, trainSet.Length, validationSet.Length, testSet.Length, model.ParameterCount, clock.Elapsed, stopReason);
        return (CompositionGenerator.FromModel(manifest, model, checkpointPath), summary);
    }

    /// <summary>Keeps the formulas <paramref name="filter"/> accepts under <paramref name="rules"/>.</summary>
    public static IReadOnlyList<KnownFormula> Apply(IReadOnlyList<KnownFormula> formulas, TrainingFilter filter, CompositionRules rules) => filter switch
    {
        TrainingFilter.None => formulas,
        TrainingFilter.Valid => formulas.Where(f => rules.IsValid(f.Composition)).ToArray(),
        _ => formulas.Where(f => rules.Test(f.Composition).ElectronegativityBalanced).ToArray(),
    };

    /// <summary>Mean next-token cross-entropy (nats per token) over <paramref name="sequences"/>.</summary>
    internal static double Evaluate(CompositionGpt model, int[][] sequences)
    {
        model.eval();
        var total = 0.0;
        var tokens = 0L;
        using var noGrad = no_grad();
        for (var start = 0; start < sequences.Length; start += 1024)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(1024, sequences.Length - start)).ToArray();
            using var batch = Pack(sequences, indices);
            var count = batch[.., 1..].ne(KeptScalars.Pad).sum().item<long>();
            total += Loss(model, batch).item<float>() * count;
            tokens += count;
        }

        model.train();
        return total / tokens;
    }

    private static Tensor Loss(CompositionGpt model, Tensor tokens)
    {
        var logits = model.forward(tokens[.., ..^1]);
        var targets = tokens[.., 1..];
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1), ignore_index: CompositionTokenizer.Pad);
    }

    private static Tensor Pack(int[][] sequences, ReadOnlySpan<int> indices)
    {
        var width = 0;
        foreach (var i in indices)
        {
            width = Math.Max(width, sequences[i].Length);
        }

        var data = new long[indices.Length * width];
        for (var row = 0; row < indices.Length; row++)
        {
            var s = sequences[indices[row]];
            for (var j = 0; j < s.Length; j++)
            {
                data[(row * width) + j] = s[j];
            }
        }

        return tensor(data, [indices.Length, width], ScalarType.Int64);
    }

    private static int[][] Encode(CompositionTokenizer tokenizer, IReadOnlyList<Composition> compositions) =>
        compositions.Select(c => tokenizer.TryEncode(c, out var t) ? t : null).OfType<int[]>().ToArray();
}
