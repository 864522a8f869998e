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
    bool ZeroInflated = false);

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

    public SurrogateHeader Header { get; }

    /// <summary>The featurizer the model expects (the default one; checked against the saved names on load).</summary>
    public static CompositionFeaturizer Featurizer => CompositionFeaturizer.Default;

    /// <summary>Predicts one composition.</summary>
    public PropertyPrediction Predict(Composition composition) => PredictBatch([composition])[0];

    /// <summary>Predicts many compositions at once (much faster than one by one).</summary>
    public PropertyPrediction[] PredictBatch(IReadOnlyList<Composition> compositions)
    {
        ArgumentNullException.ThrowIfNull(compositions);
        if (compositions.Count == 0)
        {
            return [];
        }

        var featurizer = Featurizer;
        var width = featurizer.Length;
        var features = new float[compositions.Count * width];
        for (var i = 0; i < compositions.Count; i++)
        {
            var row = features.AsSpan(i * width, width);
            featurizer.Featurize(compositions[i], row);
            Standardize(row);
        }

        double[] mean, std, distance;
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(features, [compositions.Count, width]);
            (mean, std) = Forward(x);
            distance = Distances(x);
        }

        var result = new PropertyPrediction[compositions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var covered = compositions[i].Elements.All(e => _elements.Contains(e.Symbol));
            var inDistribution = covered && distance[i] <= Header.DistanceThreshold;
            result[i] = new PropertyPrediction(mean[i], std[i], inDistribution, Header.Unit);
        }

        return result;
    }

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

    /// <summary>Ensemble mean and calibrated σ for standardised features <paramref name="x"/> [N, F].</summary>
    internal (double[] Mean, double[] Std) Forward(Tensor x)
    {
        Tensor outputs;
        Tensor? within = null; // per-member predictive variance of a hurdle member, [M, N]
        if (Header.ZeroInflated)
        {
            var raw = stack(_members.Select(m => m.forward(x)).ToArray()); // [M, N, 2]
            var probability = sigmoid(raw.select(2, 0));
            var value = ((raw.select(2, 1) * Header.TargetScale) + Header.TargetMean).clamp_min(0);
            outputs = where(probability >= 0.5, value, zeros_like(value));
            // A hurdle member is a two-point mixture (0 with 1 − p, v with p): its variance p(1 − p)v² joins the spread
            // between members (law of total variance), so an unsure metal / non-metal call shows up as a large σ.
            within = probability * (1 - probability) * value * value;
        }
        else
        {
            outputs = stack(_members.Select(m => m.forward(x).squeeze(-1)).ToArray()); // [M, N]
            outputs = Header.Kind == SurrogateKind.Classification
                ? sigmoid(outputs)
                : (outputs * Header.TargetScale) + Header.TargetMean;
        }

        if (Header.NonNegative)
        {
            outputs = outputs.clamp_min(0);
        }

        var mean = outputs.mean([0]).to_type(ScalarType.Float64).data<double>().ToArray();
        var variance = _members.Length > 1 ? outputs.var(0, unbiased: false) : zeros_like(outputs[0]);
        if (within is not null)
        {
            variance += within.mean([0]);
        }

        var std = variance.sqrt().to_type(ScalarType.Float64).data<double>().ToArray();
        var factor = Header.Kind == SurrogateKind.Regression ? Header.UncertaintyScale : 1.0;
        for (var i = 0; i < std.Length; i++)
        {
            std[i] *= factor;
        }

        return (mean, std);
    }

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
            members[m] = CreateMember(header.FeatureNames.Count, header.Hidden, header.ZeroInflated ? 2 : 1);
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
