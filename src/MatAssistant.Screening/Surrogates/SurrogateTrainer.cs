using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>Hyper-parameters of <see cref="SurrogateTrainer"/>.</summary>
/// <param name="Members">Ensemble size (default 5).</param>
/// <param name="Epochs">Passes over each member's bootstrap sample (default 60), with cosine learning-rate decay.</param>
/// <param name="BatchSize">Mini-batch size (default 256).</param>
/// <param name="LearningRate">Adam's initial learning rate (default 2e-3).</param>
/// <param name="WeightDecay">Adam's L2 weight decay (default 1e-5).</param>
/// <param name="Hidden">Hidden layer widths (default 256, 128).</param>
/// <param name="ValidationFraction">Share of rows held out to calibrate σ and the distance threshold (default 0.1).</param>
/// <param name="Seed">Seed of every random choice (default 20261124).</param>
/// <param name="ReferencePoints">Training points kept in the model for the distance test (default 6000).</param>
/// <param name="DistanceNeighbours">k of the k-nearest-neighbour distance (default 5).</param>
/// <param name="DistanceQuantile">Share of validation compositions that must fall inside the threshold (default 0.95).</param>
/// <param name="Bootstrap">Each member trains on a bootstrap resample, which spreads the ensemble but costs accuracy on small sets (default false).</param>
/// <param name="MaxTrainingRows">Keep at most this many training rows, chosen at random (default: all); for quick cross-validation.</param>
public sealed record SurrogateTrainingOptions(
    int Members = 5,
    int Epochs = 60,
    int BatchSize = 256,
    double LearningRate = 2e-3,
    double WeightDecay = 1e-5,
    IReadOnlyList<int>? Hidden = null,
    double ValidationFraction = 0.1,
    long Seed = 20261124,
    int ReferencePoints = 6000,
    int DistanceNeighbours = 5,
    double DistanceQuantile = 0.95,
    bool Bootstrap = false,
    int? MaxTrainingRows = null)
{
    public static SurrogateTrainingOptions Default { get; } = new();

    /// <summary>The hidden widths in effect.</summary>
    public IReadOnlyList<int> HiddenLayers => Hidden ?? [256, 128];
}

/// <summary>Where training is: member <see cref="Member"/> of <see cref="Members"/>, epoch <see cref="Epoch"/> of <see cref="Epochs"/>.</summary>
public sealed record SurrogateTrainingProgress(int Member, int Members, int Epoch, int Epochs, double Loss);

/// <summary>Trains <see cref="SurrogateModel"/> ensembles with TorchSharp on the calling thread (set threads with <see cref="TorchRuntime.SetThreads"/>).</summary>
public static class SurrogateTrainer
{
    /// <summary>Trains a surrogate of <paramref name="spec"/> on <paramref name="rows"/>; deterministic for fixed options and thread count.</summary>
    public static SurrogateModel Train(
        SurrogateSpec spec,
        IReadOnlyList<SurrogateRow> rows,
        SurrogateTrainingOptions options,
        IProgress<SurrogateTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureLoaded();
        var data = spec.GroupByComposition ? SurrogateDataset.GroupByComposition(rows, spec.Aggregate) : rows;
        var random = new Random(unchecked((int)options.Seed));
        var order = Enumerable.Range(0, data.Count).ToArray();
        random.Shuffle(order);
        var validationCount = Math.Max(1, (int)Math.Round(data.Count * options.ValidationFraction));
        var trainOrder = order[validationCount..];
        if (options.MaxTrainingRows is { } max && trainOrder.Length > max)
        {
            trainOrder = trainOrder[..max];
        }

        var train = trainOrder.Select(i => data[i]).ToArray();
        var validation = order[..validationCount].Select(i => data[i]).ToArray();
        if (train.Length < 8)
        {
            throw new ArgumentException($"{spec.Name}: at least 8 training rows are needed, got {train.Length}.", nameof(rows));
        }

        var featurizer = CompositionFeaturizer.Default;
        var width = featurizer.Length;
        var trainX = Featurize(train.Select(r => r.Composition).ToArray(), width);
        var (featureMean, featureScale) = MeanAndScale(trainX, train.Length, width);
        Standardize(trainX, featureMean, featureScale);
        var targets = train.Select(r => r.Target).ToArray();
        double targetMean = 0, targetScale = 1;
        if (spec.Kind == SurrogateKind.Regression)
        {
            // A hurdle model's regressor sees only the positive rows, so it is standardised on them.
            var scaled = spec.ZeroInflated && targets.Any(t => t > 0) ? targets.Where(t => t > 0).ToArray() : targets;
            var average = scaled.Average();
            targetMean = average;
            targetScale = Math.Sqrt(scaled.Select(t => (t - average) * (t - average)).Average());
            targetScale = targetScale > 1e-12 ? targetScale : 1;
        }

        var members = new Sequential[options.Members];
        using (var x = tensor(trainX, [train.Length, width]))
        using (var y = tensor(targets.Select(t => (float)((t - targetMean) / targetScale)).ToArray()))
        using (var positive = tensor(targets.Select(t => t > 0 ? 1f : 0f).ToArray()))
        {
            for (var m = 0; m < members.Length; m++)
            {
                members[m] = TrainMember(spec, x, y, positive, m, options, progress, cancellationToken);
            }
        }

        // Reference points for the distance test: a seeded random subset of the standardised training features.
        var referenceRows = Math.Min(options.ReferencePoints, train.Length);
        var statisticsWidth = width - featurizer.StatisticsOffset;
        var reference = new float[referenceRows * statisticsWidth];
        var picks = Enumerable.Range(0, train.Length).ToArray();
        random.Shuffle(picks);
        for (var r = 0; r < referenceRows; r++)
        {
            trainX.AsSpan((picks[r] * width) + featurizer.StatisticsOffset, statisticsWidth).CopyTo(reference.AsSpan(r * statisticsWidth));
        }

        var elements = train.SelectMany(r => r.Composition.Elements).Select(e => e.Symbol).Distinct(StringComparer.Ordinal)
            .OrderBy(s => ElementTable.Default[s].AtomicNumber).ToArray();
        var header = new SurrogateHeader(
            spec.Name, spec.Kind, spec.Unit, spec.NonNegative, featurizer.Names, featureMean, featureScale, targetMean, targetScale,
            options.HiddenLayers, options.Members, elements, options.DistanceNeighbours, double.PositiveInfinity, 1.0,
            new Dictionary<string, string>(), spec.ZeroInflated, ZeroForElements: spec.ZeroForElements);
        var model = new SurrogateModel(header, members, tensor(reference, [referenceRows, statisticsWidth]));

        // Calibrate on the validation rows: σ scale so that 68.3 % of errors fall within 1σ, distance threshold at the quantile.
        var validationCompositions = validation.Select(r => r.Composition).ToArray();
        var validationX = Featurize(validationCompositions, width);
        Standardize(validationX, featureMean, featureScale);
        double[] mean, std, distance;
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            var vx = tensor(validationX, [validation.Length, width]);
            (mean, std) = model.Forward(vx);
            distance = model.Distances(vx);
        }

        var threshold = Quantile(distance, options.DistanceQuantile);
        var uncertaintyScale = 1.0;
        var training = new Dictionary<string, string>
        {
            ["dataset"] = spec.Dataset,
            ["training_rows"] = train.Length.ToString(CultureInfo.InvariantCulture),
            ["validation_rows"] = validation.Length.ToString(CultureInfo.InvariantCulture),
            ["reference_points"] = referenceRows.ToString(CultureInfo.InvariantCulture),
            ["members"] = options.Members.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
            ["hidden"] = string.Join(",", options.HiddenLayers),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["bootstrap"] = options.Bootstrap ? "true" : "false",
            ["grouped_by_composition"] = spec.GroupByComposition ? "true" : "false",
            ["polymorphs"] = spec.GroupByComposition ? (spec.Aggregate == PolymorphAggregate.Minimum ? "lowest" : "mean") : "-",
        };
        var truth = validation.Select(r => r.Target).ToArray();
        if (spec.Kind == SurrogateKind.Regression)
        {
            var ratios = truth.Select((t, i) => Math.Abs(t - mean[i]) / Math.Max(std[i], 1e-9)).ToArray();
            uncertaintyScale = Math.Max(Quantile(ratios, 0.6827), 1e-3);
            training["validation_mae"] = SurrogateMetrics.MeanAbsoluteError(truth, mean).ToString("G5", CultureInfo.InvariantCulture);
        }
        else
        {
            training["validation_roc_auc"] = SurrogateMetrics.RocAuc(truth, mean).ToString("G5", CultureInfo.InvariantCulture);
        }

        training["uncertainty_scale"] = uncertaintyScale.ToString("G5", CultureInfo.InvariantCulture);
        training["distance_threshold"] = threshold.ToString("G5", CultureInfo.InvariantCulture);
        return new SurrogateModel(header with { DistanceThreshold = threshold, UncertaintyScale = uncertaintyScale, Training = training }, members, tensor(reference, [referenceRows, statisticsWidth]));
    }

    private static Sequential TrainMember(
        SurrogateSpec spec, Tensor x, Tensor y, Tensor positive, int member, SurrogateTrainingOptions options,
        IProgress<SurrogateTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var seed = options.Seed + (1000L * (member + 1));
        var net = TorchRuntime.Seeded(seed, () => SurrogateModel.CreateMember((int)x.shape[1], options.HiddenLayers, spec.ZeroInflated ? 2 : 1));
        var n = x.shape[0];
        Tensor xm = x, ym = y, pm = positive;
        if (options.Bootstrap)
        {
            var random = new Random(unchecked((int)seed));
            var sample = new long[n];
            for (var i = 0; i < n; i++)
            {
                sample[i] = random.NextInt64(n);
            }

            using var index = tensor(sample);
            xm = x.index_select(0, index);
            ym = y.index_select(0, index);
            pm = positive.index_select(0, index);
        }

        using var optimizer = optim.Adam(net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, options.Epochs, eta_min: options.LearningRate * 0.02);
        using var generator = TorchRuntime.CreateGenerator(seed);
        net.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double total = 0;
            long batches = 0;
            using (var permutation = randperm(n, generator: generator))
            {
                for (long start = 0; start < n; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var index = permutation.narrow(0, start, Math.Min(options.BatchSize, n - start));
                    var output = net.forward(xm.index_select(0, index));
                    var target = ym.index_select(0, index);
                    Tensor loss;
                    if (spec.ZeroInflated)
                    {
                        // Hurdle: "is it above 0?" for every row, L1 on the value for the positive rows only.
                        var mask = pm.index_select(0, index);
                        var l1 = ((output.select(1, 1) - target).abs() * mask).sum() / mask.sum().clamp_min(1);
                        loss = nn.functional.binary_cross_entropy_with_logits(output.select(1, 0), mask) + l1;
                    }
                    else
                    {
                        output = output.squeeze(-1);
                        loss = spec.Kind == SurrogateKind.Classification
                            ? nn.functional.binary_cross_entropy_with_logits(output, target)
                            : nn.functional.l1_loss(output, target);
                    }

                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                    batches++;
                }
            }

            schedule.step();
            progress?.Report(new SurrogateTrainingProgress(member + 1, options.Members, epoch + 1, options.Epochs, total / Math.Max(1, batches)));
        }

        if (!ReferenceEquals(xm, x))
        {
            xm.Dispose();
            ym.Dispose();
            pm.Dispose();
        }

        net.eval();
        return net;
    }

    internal static float[] Featurize(IReadOnlyList<Composition> compositions, int width)
    {
        var features = new float[compositions.Count * width];
        Parallel.For(0, compositions.Count, i => CompositionFeaturizer.Default.Featurize(compositions[i], features.AsSpan(i * width, width)));
        return features;
    }

    private static (float[] Mean, float[] Scale) MeanAndScale(float[] x, int rows, int width)
    {
        var mean = new double[width];
        var square = new double[width];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < width; j++)
            {
                var v = x[(i * width) + j];
                mean[j] += v;
                square[j] += v * (double)v;
            }
        }

        var m = new float[width];
        var s = new float[width];
        for (var j = 0; j < width; j++)
        {
            m[j] = (float)(mean[j] / rows);
            var variance = (square[j] / rows) - (m[j] * (double)m[j]);
            // A feature that never varies (an element absent from training) keeps scale 1, so unseen values stay finite.
            s[j] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }

        return (m, s);
    }

    private static void Standardize(float[] x, float[] mean, float[] scale)
    {
        var width = mean.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var j = i % width;
            x[i] = (x[i] - mean[j]) / scale[j];
        }
    }

    internal static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
