using System.Text;
using System.Text.Json;
using MatAssistant.Chemistry;
using MatAssistant.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>Everything about a trained surrogate except the weights: normalisation, out-of-distribution data, calibration, provenance.</summary>
/// <param name="Name">Prediction key, e.g. <c>band_gap</c>.</param>
/// <param name="Kind">Regression or classification.</param>
/// <param name="Unit">Unit of the prediction.</param>
/// <param name="NonNegative">Member predictions are clipped at zero before averaging.</param>
/// <param name="FeatureNames">Feature names, to check that the featurizer has not changed since training.</param>
/// <param name="FeatureMean">Per-feature mean of the training set.</param>
/// <param name="FeatureScale">Per-feature standard deviation of the training set (1 where it was 0).</param>
/// <param name="TargetMean">Target mean (regression; 0 for a classifier).</param>
/// <param name="TargetScale">Target standard deviation (regression; 1 for a classifier).</param>
/// <param name="Hidden">Hidden layer widths of every member.</param>
/// <param name="Members">Number of ensemble members.</param>
/// <param name="TrainingElements">Symbols of every element that occurs in the training set.</param>
/// <param name="DistanceNeighbours">k of the k-nearest-neighbour distance used for the out-of-distribution flag.</param>
/// <param name="DistanceThreshold">Mean distance to the k nearest reference points above which a composition is out of distribution.</param>
/// <param name="UncertaintyScale">Factor on the ensemble σ so that 68.3 % of validation errors fall within 1σ.</param>
/// <param name="Training">Provenance and validation figures (free-form, for the model card).</param>
/// <param name="ZeroInflated">Members are hurdle models with two outputs: logit of "value above 0" and the positive value.</param>
/// <param name="SigmaFloor">Smallest σ, in the unit (default 0): σ = √(floor² + (<paramref name="FamilyScale"/> · σ_validation)²).</param>
/// <param name="FamilyScale">Factor on the validation-calibrated σ fitted, with the floor, on leave-one-family-out residuals so
/// that 1σ and 2σ cover about 68 % and 95 % of compounds from a chemical family absent from training (default 1).</param>
/// <param name="UnreliableFamilies">Chemical families (<see cref="SurrogateEvaluation.FamilyOf"/>) for which leave-family-out
/// validation found the model unreliable; their compositions are flagged out of distribution (default none).</param>
/// <param name="ZeroForElements">A pure element is 0 by definition (formation energy) and is not predicted (default false).</param>
public sealed record SurrogateHeader(
    string Name,
    SurrogateKind Kind,
    string Unit,
    bool NonNegative,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<float> FeatureMean,
    IReadOnlyList<float> FeatureScale,
    double TargetMean,
    double TargetScale,
    IReadOnlyList<int> Hidden,
    int Members,
    IReadOnlyList<string> TrainingElements,
    int DistanceNeighbours,
    double DistanceThreshold,
    double UncertaintyScale,
    IReadOnlyDictionary<string, string> Training,
    bool ZeroInflated = false,
    double SigmaFloor = 0,
    double FamilyScale = 1,
    IReadOnlyList<string>? UnreliableFamilies = null,
    bool ZeroForElements = false);

/// <summary>
/// A trained ensemble of small MLPs over <see cref="CompositionFeaturizer"/> features. The prediction is the members' mean,
/// its σ the members' spread times a calibration factor; a composition is out of distribution when it holds an element
/// absent from training or when its distance to the training set in feature space exceeds a threshold calibrated on a
/// validation fold. Predictions run under a lock, so one instance may be shared across threads.
/// </summary>
public sealed class SurrogateModel : IDisposable
{
    private const string Magic = "MATSURR1";
    private readonly Sequential[] _members;
    private readonly Tensor _reference; // standardised statistics features of training points, [R, D]
    private readonly float[] _mean;
    private readonly float[] _scale;
    private readonly HashSet<string> _elements;
    private readonly Lock _gate = new();

    internal SurrogateModel(SurrogateHeader header, Sequential[] members, Tensor reference)
    {
        Header = header;
        _members = members;
        _reference = reference;
        _mean = [.. header.FeatureMean];
        _scale = [.. header.FeatureScale];
        _elements = new HashSet<string>(header.TrainingElements, StringComparer.Ordinal);
        foreach (var member in members)
        {
            member.eval();
        }
    }

    public SurrogateHeader Header { get; private set; }

    /// <summary>Replaces calibration and provenance after training (the weights and reference points stay).</summary>
    internal void Recalibrate(Func<SurrogateHeader, SurrogateHeader> update) => Header = update(Header);

    /// <summary>The featurizer the model expects (the default one; checked against the saved names on load).</summary>
    public static CompositionFeaturizer Featurizer => CompositionFeaturizer.Default;

    /// <summary>Predicts one composition.</summary>
    public PropertyPrediction Predict(Composition composition) => PredictBatch([composition])[0];

    /// <summary>Predicts many compositions at once (much faster than one by one).</summary>
    public PropertyPrediction[] PredictBatch(IReadOnlyList<Composition> compositions) => PredictBatch(compositions, null);

    /// <summary>
    /// Predicts many compositions; for a hurdle model, <paramref name="metalProbability"/> (one per composition, from the
    /// metal classifier) replaces the members' own "value above 0" probability, so that the gap agrees with it.
    /// </summary>
    public PropertyPrediction[] PredictBatch(IReadOnlyList<Composition> compositions, IReadOnlyList<double>? metalProbability)
    {
        ArgumentNullException.ThrowIfNull(compositions);
        if (compositions.Count == 0)
        {
            return [];
        }

        if (metalProbability is not null && metalProbability.Count != compositions.Count)
        {
            throw new ArgumentException("One metal probability per composition is needed.", nameof(metalProbability));
        }

        var width = Featurizer.Length;
        var features = StandardFeatures(compositions);
        double[] mean, std, distance;
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(features, [compositions.Count, width]);
            var positive = Header.ZeroInflated && metalProbability is not null ? metalProbability.Select(p => 1 - p).ToArray() : null;
            (mean, std) = Forward(x, positive);
            distance = Distances(x);
        }

        var unreliable = Header.UnreliableFamilies ?? [];
        // The catalog decides too, so that a model file written before the flag existed still returns 0 for elements.
        var zeroForElements = Header.ZeroForElements || SurrogateCatalog.Find(Header.Name)?.ZeroForElements == true;
        var result = new PropertyPrediction[compositions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (zeroForElements && compositions[i].ElementCount == 1)
            {
                result[i] = new PropertyPrediction(0, 0, true, Header.Unit, ElementNote);
                continue;
            }

            var covered = compositions[i].Elements.All(e => _elements.Contains(e.Symbol));
            var inDistribution = covered && distance[i] <= Header.DistanceThreshold
                && (unreliable.Count == 0 || !unreliable.Contains(SurrogateEvaluation.FamilyOf(compositions[i]), StringComparer.Ordinal));
            result[i] = new PropertyPrediction(mean[i], std[i], inDistribution, Header.Unit);
        }

        return result;
    }

    /// <summary>
    /// For a hurdle model, the members' mean probability that the value is above 0 (for <c>dft_band_gap</c>: that PBE
    /// gives a gap); null for other models.
    /// </summary>
    internal double[]? PositiveProbability(IReadOnlyList<Composition> compositions)
    {
        if (!Header.ZeroInflated || compositions.Count == 0)
        {
            return Header.ZeroInflated ? [] : null;
        }

        var features = StandardFeatures(compositions);
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(features, [compositions.Count, Featurizer.Length]);
            var raw = stack(_members.Select(m => m.forward(x)).ToArray()); // [M, N, 2]
            return ToDoubles(sigmoid(raw.select(2, 0)).mean([0]));
        }
    }

    private float[] StandardFeatures(IReadOnlyList<Composition> compositions)
    {
        var featurizer = Featurizer;
        var width = featurizer.Length;
        var features = new float[compositions.Count * width];
        for (var i = 0; i < compositions.Count; i++)
        {
            var row = features.AsSpan(i * width, width);
            featurizer.Featurize(compositions[i], row);
            Standardize(row);
        }

        return features;
    }

    /// <summary>The note on a pure element's value when <see cref="SurrogateHeader.ZeroForElements"/> holds.</summary>
    public const string ElementNote = "pure element: 0 by definition (the element is its own reference state)";

    /// <summary>Elements of <paramref name="composition"/> never seen in training.</summary>
    public IReadOnlyList<string> UnseenElements(Composition composition) =>
        [.. composition.Elements.Select(e => e.Symbol).Where(s => !_elements.Contains(s))];

    internal void Standardize(Span<float> row)
    {
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = (row[j] - _mean[j]) / _scale[j];
        }
    }

    /// <summary>
    /// Ensemble mean and calibrated σ for standardised features <paramref name="x"/> [N, F]. A hurdle model gives the mean of
    /// its two-point mixture, q·g, where q is the probability that the value is above 0 (the members' own, or
    /// <paramref name="positiveProbability"/>) and g the members' mean positive value; its variance is q·Var(g) + q(1 − q)g²
    /// (law of total variance), so an unsure metal / non-metal call gives a wide σ and a confident one a narrow σ.
    /// </summary>
    internal (double[] Mean, double[] Std) Forward(Tensor x, IReadOnlyList<double>? positiveProbability = null)
    {
        double[] mean, variance;
        if (Header.ZeroInflated)
        {
            var raw = stack(_members.Select(m => m.forward(x)).ToArray()); // [M, N, 2]
            var value = ((raw.select(2, 1) * Header.TargetScale) + Header.TargetMean).clamp_min(0);
            var q = positiveProbability is null
                ? ToDoubles(sigmoid(raw.select(2, 0)).mean([0]))
                : [.. positiveProbability];
            var g = ToDoubles(value.mean([0]));
            var spread = _members.Length > 1 ? ToDoubles(value.var(0, unbiased: false)) : new double[g.Length];
            mean = new double[g.Length];
            variance = new double[g.Length];
            for (var i = 0; i < g.Length; i++)
            {
                var p = Math.Clamp(q[i], 0, 1);
                mean[i] = p * g[i];
                variance[i] = (p * spread[i]) + (p * (1 - p) * g[i] * g[i]);
            }
        }
        else
        {
            var outputs = stack(_members.Select(m => m.forward(x).squeeze(-1)).ToArray()); // [M, N]
            outputs = Header.Kind == SurrogateKind.Classification
                ? sigmoid(outputs)
                : (outputs * Header.TargetScale) + Header.TargetMean;
            if (Header.NonNegative)
            {
                outputs = outputs.clamp_min(0);
            }

            mean = ToDoubles(outputs.mean([0]));
            variance = _members.Length > 1 ? ToDoubles(outputs.var(0, unbiased: false)) : new double[mean.Length];
        }

        var std = new double[mean.Length];
        var regression = Header.Kind == SurrogateKind.Regression;
        for (var i = 0; i < std.Length; i++)
        {
            var spread = Math.Sqrt(Math.Max(variance[i], 0));
            std[i] = regression ? Calibrate(Header.UncertaintyScale * spread) : spread;
        }

        return (mean, std);
    }

    /// <summary>The shipped σ from the validation-calibrated one: widened for new families, never below the floor.</summary>
    internal double Calibrate(double validationSigma) =>
        Math.Sqrt((Header.SigmaFloor * Header.SigmaFloor) + (Header.FamilyScale * Header.FamilyScale * validationSigma * validationSigma));

    private static double[] ToDoubles(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

    /// <summary>Mean distance to the k nearest reference points, in the standardised statistics subspace.</summary>
    internal double[] Distances(Tensor x) => NearestDistances(x, _reference, Featurizer.StatisticsOffset, Header.DistanceNeighbours);

    internal static double[] NearestDistances(Tensor x, Tensor reference, int offset, int k)
    {
        var result = new List<double>((int)x.shape[0]);
        const int Chunk = 1024;
        for (long start = 0; start < x.shape[0]; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(Chunk, x.shape[0] - start);
            var query = x.narrow(0, start, length).narrow(1, offset, x.shape[1] - offset);
            var d = cdist(query, reference);
            var (values, _) = d.topk(Math.Min(k, (int)reference.shape[0]), dim: 1, largest: false);
            result.AddRange(values.mean([1]).to_type(ScalarType.Float64).data<double>().ToArray());
        }

        return [.. result];
    }

    internal static Sequential CreateMember(int inputs, IReadOnlyList<int> hidden, int outputs = 1)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"act{i}", nn.SiLU()));
            width = hidden[i];
        }

        layers.Add(("out", nn.Linear(width, outputs)));
        return nn.Sequential(layers.ToArray());
    }

    /// <summary>Writes the model atomically (temporary file + rename).</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        var json = JsonSerializer.SerializeToUtf8Bytes(Header);
        writer.Write(json.Length);
        writer.Write(json);
        var reference = _reference.data<float>().ToArray();
        writer.Write((int)_reference.shape[0]);
        writer.Write((int)_reference.shape[1]);
        foreach (var value in reference)
        {
            writer.Write(value);
        }

        foreach (var member in _members)
        {
            member.save(writer);
        }
    }

    /// <summary>Reads a model file; throws <see cref="InvalidDataException"/> for a file that is not a surrogate of this version.</summary>
    public static SurrogateModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <inheritdoc cref="Load(string)"/>
    public static SurrogateModel Load(Stream stream, string name)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic)
        {
            throw new InvalidDataException($"{name} is not a MatAssistant surrogate model.");
        }

        var header = JsonSerializer.Deserialize<SurrogateHeader>(reader.ReadBytes(reader.ReadInt32()))
            ?? throw new InvalidDataException($"{name} has an empty header.");
        if (!header.FeatureNames.SequenceEqual(Featurizer.Names))
        {
            throw new InvalidDataException($"{name} was trained with other features; retrain it with 'matassist train surrogate {header.Name}'.");
        }

        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        var reference = tensor(values, [rows, columns]);
        var members = new Sequential[header.Members];
        for (var m = 0; m < members.Length; m++)
        {
            // The initial weights are overwritten by load, but drawing them must not interleave with a seeded training elsewhere.
            members[m] = TorchRuntime.Exclusive(() => CreateMember(header.FeatureNames.Count, header.Hidden, header.ZeroInflated ? 2 : 1));
            members[m].load(reader);
        }

        return new SurrogateModel(header, members, reference);
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _reference.Dispose();
    }
}
