using MatAssistant.Chemistry;
using MatAssistant.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MatAssistant.Generation;

/// <summary>What to generate.</summary>
/// <param name="Count">Number of samples (duplicates included; screen and deduplicate afterwards).</param>
/// <param name="Seed">Seed: the same seed, request and model give the same samples (default 1).</param>
/// <param name="Constraints">Elements and sizes every sample must meet (default none).</param>
/// <param name="Temperature">Softmax temperature, &gt; 0 (null: the model's default).</param>
/// <param name="TopK">Keep the k most likely tokens; 0 keeps all (null: the model's default).</param>
/// <param name="TopP">Nucleus sampling mass in (0, 1] (null: the model's default).</param>
/// <param name="BatchSize">Sequences decoded together (default 2048).</param>
/// <param name="Parallelism">Batches decoded at once on separate threads (default 1); the samples do not depend on it.</param>
/// <param name="RejectionFactor">With <see cref="DecodingConstraints.Include"/>: up to this many samples per requested one are
/// first drawn without the include mask and kept when they contain the elements (exact conditional sampling); only the rest
/// comes from masked decoding (default 50; 0 masks at once).</param>
/// <param name="ChargeBalance">Oxidation states for charge-aware decoding (<see cref="ChargeBalanceMask"/>): a formula may end
/// only once a neutral, electronegativity-ordered assignment exists. Null (default): the model's own distribution, which
/// is what the literature's generator figures measure.</param>
/// <param name="ChargeRejectionRounds">With <see cref="ChargeBalance"/>: rounds of samples first drawn without the charge mask and
/// kept when they balance (exact sampling from the model given balance, as for <see cref="RejectionFactor"/>); the rest comes
/// from masked decoding, which alone moves samples from three elements to four or five because the end token is removed
/// where the charge does not balance yet (default 2; 0 masks at once). Each round draws as many samples as are still missing.</param>
/// <param name="ChargeMixedValence">With <see cref="ChargeBalance"/>: elements whose atoms may each take their own state
/// (SMACT's <c>mixed_valence</c>, so LiMn2O4 and Fe3O4 may end); null (default): one state per element.</param>
public sealed record GenerationRequest(
    int Count,
    int Seed = 1,
    DecodingConstraints? Constraints = null,
    double? Temperature = null,
    int? TopK = null,
    double? TopP = null,
    int BatchSize = 2048,
    int Parallelism = 1,
    int RejectionFactor = 50,
    OxidationStateSet? ChargeBalance = null,
    int ChargeRejectionRounds = 2,
    ElementSet? ChargeMixedValence = null);

/// <summary>One sample.</summary>
/// <param name="Composition">The composition as generated (element order canonical).</param>
/// <param name="ReducedFormula">The reduced formula in electronegativity order.</param>
/// <param name="LogProbability">Natural-log probability of the token sequence under the (masked, tempered) sampling distribution.</param>
/// <param name="ChargeBalanceRelaxed">With <see cref="GenerationRequest.ChargeBalance"/>: the charge mask and the other constraints
/// left no token in common at some step, so the charge mask was lifted for the rest of this sample and it may end
/// unbalanced (never without other constraints). False otherwise.</param>
public sealed record GeneratedComposition(Composition Composition, string ReducedFormula, double LogProbability, bool ChargeBalanceRelaxed = false);

/// <summary>
/// The trained composition language model: loads a generator directory and samples formulas, batched, with temperature,
/// top-k / top-p and constraint masks (<see cref="ConstraintMasker"/>), so that every sample is a well-formed formula that
/// meets the request. Not thread-safe (one sampling run at a time per instance).
/// </summary>
public sealed class CompositionGenerator : IDisposable
{
    private readonly CompositionGpt _model;

    private CompositionGenerator(GeneratorManifest manifest, CompositionGpt model, string source)
    {
        Manifest = manifest;
        Tokenizer = manifest.CreateTokenizer();
        _model = model;
        Source = source;
    }

    public GeneratorManifest Manifest { get; }

    public CompositionTokenizer Tokenizer { get; }

    /// <summary>Directory the model was loaded from.</summary>
    public string Source { get; }

    /// <summary>Loads <c>generator.json</c> and <c>generator.weights</c> from <paramref name="directory"/>.</summary>
    /// <param name="directory">A directory written by the trainer (e.g. <c>models/generator</c>).</param>
    /// <param name="threads">TorchSharp intra-op threads (default 1; see DESIGN.md §5 on busy machines).</param>
    public static CompositionGenerator Load(string directory, int threads = 1)
    {
        var manifest = GeneratorFiles.ReadManifest(directory);
        TorchRuntime.EnsureLoaded();
        TorchRuntime.SetThreads(threads);
        var tokenizer = manifest.CreateTokenizer();
        var model = TorchRuntime.Exclusive(() => new CompositionGpt(tokenizer.VocabularySize, tokenizer.MaxSequenceLength, manifest.Size));
        var weights = Path.Combine(directory, GeneratorFiles.Weights);
        if (!File.Exists(weights))
        {
            model.Dispose();
            throw new FileNotFoundException($"No weights in '{directory}': {GeneratorFiles.Weights} is missing.", weights);
        }

        model.load(weights);
        model.eval();
        return new CompositionGenerator(manifest, model, directory);
    }

    internal static CompositionGenerator FromModel(GeneratorManifest manifest, CompositionGpt model, string source)
    {
        model.eval();
        return new CompositionGenerator(manifest, model, source);
    }

    /// <summary>Samples <see cref="GenerationRequest.Count"/> formulas. Throws <see cref="ImpossibleConstraintsException"/> for
    /// constraints no formula can meet and <see cref="ArgumentException"/> for bad sampling settings.</summary>
    public IReadOnlyList<GeneratedComposition> Generate(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count < 0)
        {
            throw new ArgumentException($"The count must be non-negative, got {request.Count}.", nameof(request));
        }

        var temperature = request.Temperature ?? Manifest.Sampling.Temperature;
        var topK = request.TopK ?? Manifest.Sampling.TopK;
        var topP = request.TopP ?? Manifest.Sampling.TopP;
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentException($"The temperature must be positive and finite, got {temperature}.", nameof(request));
        }

        if (topK < 0 || !(topP > 0 && topP <= 1) || request.BatchSize < 1)
        {
            throw new ArgumentException("top-k must be ≥ 0, top-p in (0, 1] and the batch size ≥ 1.", nameof(request));
        }

        var constraints = request.Constraints ?? DecodingConstraints.None;
        var masker = ConstraintMasker.Compile(Tokenizer, constraints);
        // One look-ahead table per request (a few milliseconds); the include-free masker of the rejection stage has the same
        // exclusions and element limit, so it shares it.
        var settings = new SamplingSettings(temperature, topK, topP, request.ChargeBalance is null ? null : new ChargeBalanceMask(Tokenizer, request.ChargeBalance, masker.AllowedElements, masker.MaxElementCount, request.ChargeMixedValence));
        if (request.Parallelism < 1 || request.RejectionFactor < 0 || request.ChargeRejectionRounds < 0)
        {
            throw new ArgumentException("The parallelism must be at least 1 and the rejection factor and rounds non-negative.", nameof(request));
        }

        // Masks keep elements in canonical order, so forcing a required element greedily distorts what comes before it (with
        // Mn required, an oxide's anion cannot come before Mn, so the model is pushed to intermetallics). Rejection sampling
        // from the model with every other constraint masked is exact; masked decoding only tops up what it did not find.
        var results = new List<GeneratedComposition>(request.Count);
        if (constraints.Include is { Count: > 0 } include && request.RejectionFactor > 0)
        {
            var required = include.Select(s => ElementTable.Default[s.Trim()]).ToArray();
            var relaxed = ConstraintMasker.Compile(Tokenizer, constraints with { Include = null });
            var budget = (long)request.Count * request.RejectionFactor;
            var drawn = 0L;
            for (var round = 1; results.Count < request.Count && drawn < budget; round++)
            {
                var size = (int)Math.Min(budget - drawn, Math.Max(request.BatchSize, 4L * (request.Count - results.Count)));
                var samples = SampleBalanced(size, relaxed, settings, request, round * 100_000);
                drawn += size;
                results.AddRange(samples.Where(g => required.All(g.Composition.Contains)).Take(request.Count - results.Count));
            }
        }

        if (results.Count < request.Count)
        {
            results.AddRange(SampleBalanced(request.Count - results.Count, masker, settings, request, 0));
        }

        return results;
    }

    /// <summary>
    /// With a charge mask: up to <see cref="GenerationRequest.ChargeRejectionRounds"/> rounds drawn without it, keeping the
    /// samples that balance, then masked decoding for the rest; without one, plain sampling.
    /// </summary>
    private List<GeneratedComposition> SampleBalanced(int count, ConstraintMasker masker, SamplingSettings settings, GenerationRequest request, int stream)
    {
        if (settings.Charge is not { } charge || request.ChargeRejectionRounds == 0)
        {
            return SampleMany(count, masker, settings, request, stream);
        }

        var kept = new List<GeneratedComposition>(count);
        var tracker = charge.CreateTracker(1);
        for (var round = 1; round <= request.ChargeRejectionRounds && kept.Count < count; round++)
        {
            // Streams far from the include rounds' (multiples of 100,000) and the masked stream's.
            var drawn = SampleMany(count - kept.Count, masker, settings with { Charge = null }, request, stream + (round * 10_000_000));
            kept.AddRange(drawn.Where(g => IsBalanced(tracker, g.Composition)));
        }

        if (kept.Count < count)
        {
            kept.AddRange(SampleMany(count - kept.Count, masker, settings, request, stream));
        }

        return kept;
    }

    private bool IsBalanced(ChargeBalanceMask.Tracker tracker, Composition composition)
    {
        tracker.Reset(0);
        foreach (var element in composition.Elements.OrderBy(Tokenizer.RankOf))
        {
            tracker.Add(0, Tokenizer.RankOf(element), (int)composition.GetAmount(element));
        }

        return tracker.Balanced(0);
    }

    private List<GeneratedComposition> SampleMany(int count, ConstraintMasker masker, SamplingSettings settings, GenerationRequest request, int stream)
    {
        var batches = new List<GeneratedComposition>[(count + request.BatchSize - 1) / request.BatchSize];
        // One random stream per batch, seeded by (seed, stream, batch index): batches are reproducible on their own, whatever
        // the parallelism. Not HashCode.Combine: it is randomised per process.
        void RunBatch(int index) => batches[index] = SampleBatch(
            Math.Min(request.BatchSize, count - (index * request.BatchSize)),
            masker,
            settings,
            new Random(unchecked((request.Seed * 1_000_003) + stream + index)));
        if (request.Parallelism == 1 || batches.Length <= 1)
        {
            for (var b = 0; b < batches.Length; b++)
            {
                RunBatch(b);
            }
        }
        else
        {
            Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism }, RunBatch);
        }

        return batches.SelectMany(b => b).ToList();
    }

    private readonly record struct SamplingSettings(double Temperature, int TopK, double TopP, ChargeBalanceMask? Charge);

    private List<GeneratedComposition> SampleBatch(int size, ConstraintMasker masker, SamplingSettings settings, Random random)
    {
        var vocabulary = Tokenizer.VocabularySize;
        var length = Tokenizer.MaxSequenceLength;
        var states = new DecodingState[size];
        Array.Fill(states, DecodingState.Start);
        var sequences = new int[size][];
        var lengths = new int[size];
        var logProbabilities = new double[size];
        var sums = settings.Charge?.CreateTracker(size);
        var relaxed = new bool[size];
        for (var i = 0; i < size; i++)
        {
            sequences[i] = new int[length];
            sequences[i][0] = CompositionTokenizer.Bos;
            lengths[i] = 1;
        }

        // Rows of the model's batch map to samples through `active`; finished rows are dropped from the batch (and the
        // cache) once a quarter of them are done, so the long tail of 6- and 7-element formulas does not pay for the rest.
        var active = Enumerable.Range(0, size).ToArray();
        var activeCount = size;
        var next = new long[size];
        Array.Fill(next, CompositionTokenizer.Bos);
        var allowed = new bool[vocabulary];
        var scratch = new double[vocabulary];
        var order = new int[vocabulary];
        using var cache = new KeyValueCache(Manifest.Size.Layers);
        using (no_grad())
        {
            for (var position = 0; position < length - 1 && activeCount > 0; position++)
            {
                float[] logits;
                using (NewDisposeScope())
                {
                    using var input = tensor(next.AsSpan(0, activeCount).ToArray(), dtype: ScalarType.Int64);
                    logits = _model.Step(input, position, cache).to(ScalarType.Float32).data<float>().ToArray();
                }

                var finished = 0;
                for (var row = 0; row < activeCount; row++)
                {
                    var i = active[row];
                    if (states[i].Finished)
                    {
                        next[row] = CompositionTokenizer.Pad;
                        finished++;
                        continue;
                    }

                    masker.FillAllowed(states[i], allowed);
                    if (sums is not null && !relaxed[i] && sums.Restrict(i, states[i], allowed) == 0)
                    {
                        relaxed[i] = true; // the other constraints leave no balanced completion: counted, never hidden
                    }

                    var (token, logP) = Sample(logits.AsSpan(row * vocabulary, vocabulary), allowed, settings, random, scratch, order);
                    logProbabilities[i] += logP;
                    if (sums is not null && !relaxed[i] && states[i].ExpectCount)
                    {
                        sums.Add(i, states[i].LastRank, Tokenizer.CountOfToken(token));
                    }

                    states[i] = masker.Advance(states[i], token);
                    sequences[i][lengths[i]++] = token;
                    next[row] = token;
                    finished += states[i].Finished ? 1 : 0;
                }

                if (finished * 4 >= activeCount)
                {
                    var keep = new List<long>(activeCount - finished);
                    for (var row = 0; row < activeCount; row++)
                    {
                        if (!states[active[row]].Finished)
                        {
                            active[keep.Count] = active[row];
                            next[keep.Count] = next[row];
                            keep.Add(row);
                        }
                    }

                    activeCount = keep.Count;
                    if (activeCount > 0)
                    {
                        using var scope = NewDisposeScope();
                        cache.Keep(tensor(keep.ToArray(), dtype: ScalarType.Int64));
                    }
                }
            }
        }

        var batch = new List<GeneratedComposition>(size);
        for (var i = 0; i < size; i++)
        {
            var composition = Tokenizer.Decode(sequences[i].AsSpan(0, lengths[i]));
            batch.Add(new GeneratedComposition(composition, composition.ReducedFormula, logProbabilities[i], relaxed[i]));
        }

        return batch;
    }

    /// <summary>Draws one token from the allowed tokens of one row of logits after temperature, top-k and top-p.</summary>
    private static (int Token, double LogProbability) Sample(
        ReadOnlySpan<float> logits, bool[] allowed, SamplingSettings settings, Random random, double[] weights, int[] order)
    {
        var max = double.NegativeInfinity;
        var n = 0;
        for (var t = 0; t < logits.Length; t++)
        {
            if (allowed[t])
            {
                max = Math.Max(max, logits[t] / settings.Temperature);
                order[n++] = t;
            }
        }

        var total = 0.0;
        for (var j = 0; j < n; j++)
        {
            var t = order[j];
            weights[t] = Math.Exp((logits[t] / settings.Temperature) - max);
            total += weights[t];
        }

        var keep = n;
        if ((settings.TopK > 0 && settings.TopK < n) || settings.TopP < 1)
        {
            // Most likely first; ties by token id so the order is deterministic.
            var w = weights;
            Array.Sort(order, 0, n, Comparer<int>.Create((a, b) => w[b] != w[a] ? w[b].CompareTo(w[a]) : a.CompareTo(b)));
            if (settings.TopK > 0)
            {
                keep = Math.Min(keep, settings.TopK);
            }

            if (settings.TopP < 1)
            {
                var mass = 0.0;
                for (var j = 0; j < keep; j++)
                {
                    mass += weights[order[j]];
                    if (mass >= settings.TopP * total)
                    {
                        keep = j + 1;
                        break;
                    }
                }
            }

            total = 0;
            for (var j = 0; j < keep; j++)
            {
                total += weights[order[j]];
            }
        }

        var u = random.NextDouble() * total;
        var chosen = order[keep - 1];
        for (var j = 0; j < keep; j++)
        {
            u -= weights[order[j]];
            if (u < 0)
            {
                chosen = order[j];
                break;
            }
        }

        return (chosen, Math.Log(weights[chosen] / total));
    }

    /// <summary>Writes <c>generator.json</c> (with <paramref name="manifest"/>, e.g. extended with training facts) and
    /// <c>generator.weights</c> into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory, GeneratorManifest manifest)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, GeneratorFiles.Weights), stream => _model.save(new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)));
        GeneratorFiles.WriteManifest(directory, manifest);
    }

    public void Dispose() => _model.Dispose();
}
