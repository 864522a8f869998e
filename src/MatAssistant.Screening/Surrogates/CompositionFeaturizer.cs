using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>
/// Turns a composition into a fixed-length feature vector: the fractional composition over Z = 1–103, then statistics of
/// element properties from <c>corpus/elements.csv</c> weighted by atomic fraction (mean, mean absolute deviation, minimum,
/// maximum, range), then a few composition-level numbers. This is the "Magpie-style" descriptor family of composition-only
/// models, restricted to the properties the shipped element table holds. Immutable and thread-safe.
/// </summary>
public sealed class CompositionFeaturizer
{
    /// <summary>The statistics computed for every element property, in feature order.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["mean", "deviation", "min", "max", "range"];

    private static readonly (string Name, Func<Element, double?> Value)[] Properties =
    [
        ("atomic_number", e => e.AtomicNumber),
        ("row", e => e.Row),
        ("group", e => e.Group),
        ("atomic_mass", e => e.AtomicMass),
        ("electronegativity", e => e.PaulingElectronegativity),
        ("atomic_radius", e => e.AtomicRadius),
        ("mendeleev_number", e => e.MendeleevNumber),
        ("max_oxidation_state", e => e.CommonOxidationStates.Count == 0 ? null : e.CommonOxidationStates[^1]),
        ("min_oxidation_state", e => e.CommonOxidationStates.Count == 0 ? null : e.CommonOxidationStates[0]),
        ("is_metal", e => e.IsMetal ? 1 : 0),
        ("s_block", e => e.Block == "s" ? 1 : 0),
        ("p_block", e => e.Block == "p" ? 1 : 0),
        ("d_block", e => e.Block == "d" ? 1 : 0),
        ("f_block", e => e.Block == "f" ? 1 : 0),
        ("valence_s", e => Valence(e.AtomicNumber)[0]),
        ("valence_p", e => Valence(e.AtomicNumber)[1]),
        ("valence_d", e => Valence(e.AtomicNumber)[2]),
        ("valence_f", e => Valence(e.AtomicNumber)[3]),
        ("valence_total", e => Valence(e.AtomicNumber)[4]),
        ("valence_unfilled", e => Valence(e.AtomicNumber)[5]),
    ];

    // Orbitals filled after each noble-gas core, in Madelung order: (core Z, [(l, capacity)...]). l: 0 = s, 1 = p, 2 = d, 3 = f.
    private static readonly (int Core, (int L, int Capacity)[] Orbitals)[] Shells =
    [
        (0, [(0, 2)]),
        (2, [(0, 2), (1, 6)]),
        (10, [(0, 2), (1, 6)]),
        (18, [(0, 2), (2, 10), (1, 6)]),
        (36, [(0, 2), (2, 10), (1, 6)]),
        (54, [(0, 2), (3, 14), (2, 10), (1, 6)]),
        (86, [(0, 2), (3, 14), (2, 10), (1, 6)]),
    ];

    private readonly double[,] _propertyTable; // [Z, property], missing values imputed with the table mean of that property

    /// <summary>
    /// Valence electrons beyond the previous noble-gas core by the Madelung (Aufbau) rule: s, p, d, f, total, and unfilled
    /// places in the partly filled orbitals. The element table has no electron configurations; these counts are the
    /// "NsValence … NUnfilled" descriptors of Magpie, derived from Z (exceptions such as Cr 3d5 4s1 are not modelled).
    /// </summary>
    internal static double[] Valence(int atomicNumber)
    {
        var shell = Shells.Last(s => s.Core < atomicNumber);
        var left = atomicNumber - shell.Core;
        var counts = new double[6];
        foreach (var (l, capacity) in shell.Orbitals)
        {
            var filled = Math.Min(left, capacity);
            counts[l] += filled;
            counts[4] += filled;
            counts[5] += filled > 0 ? capacity - filled : 0;
            left -= filled;
        }

        return counts;
    }

    /// <summary>A featurizer over <paramref name="elements"/>.</summary>
    public CompositionFeaturizer(ElementTable elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _propertyTable = new double[ElementTable.MaxAtomicNumber + 1, Properties.Length];
        for (var p = 0; p < Properties.Length; p++)
        {
            var known = elements.Elements.Select(e => Properties[p].Value(e)).Where(v => v.HasValue).Select(v => v!.Value).ToArray();
            // Missing values (e.g. electronegativity of He, radius of Kr) take the mean over elements that have one: neutral
            // for the statistics, and such elements are rare enough in the data that the choice hardly matters.
            var fallback = known.Length == 0 ? 0 : known.Average();
            foreach (var element in elements.Elements)
            {
                _propertyTable[element.AtomicNumber, p] = Properties[p].Value(element) ?? fallback;
            }
        }

        Names =
        [
            .. elements.Elements.Select(e => $"fraction_{e.Symbol}"),
            .. Properties.SelectMany(p => Statistics.Select(s => $"{p.Name}_{s}")),
            "element_count", "l2_norm", "l3_norm",
        ];
        StatisticsOffset = ElementTable.MaxAtomicNumber;
    }

    /// <summary>The featurizer over <see cref="ElementTable.Default"/>.</summary>
    public static CompositionFeaturizer Default { get; } = new(ElementTable.Default);

    /// <summary>Feature names, parallel to the vector.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of features.</summary>
    public int Length => Names.Count;

    /// <summary>Index of the first feature after the fractional composition (the element-property statistics).</summary>
    public int StatisticsOffset { get; }

    /// <summary>The feature vector of <paramref name="composition"/>.</summary>
    public float[] Featurize(Composition composition)
    {
        var features = new float[Length];
        Featurize(composition, features);
        return features;
    }

    /// <summary>Writes the features of <paramref name="composition"/> into <paramref name="destination"/> (length <see cref="Length"/>).</summary>
    public void Featurize(Composition composition, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (destination.Length != Length)
        {
            throw new ArgumentException($"The destination must hold {Length} features, not {destination.Length}.", nameof(destination));
        }

        destination.Clear();
        var total = composition.NumberOfAtoms;
        var count = composition.ElementCount;
        Span<double> fractions = stackalloc double[count];
        Span<int> numbers = stackalloc int[count];
        double l2 = 0, l3 = 0;
        for (var i = 0; i < count; i++)
        {
            fractions[i] = composition.Amounts[i] / total;
            numbers[i] = composition.Elements[i].AtomicNumber;
            destination[numbers[i] - 1] = (float)fractions[i];
            l2 += fractions[i] * fractions[i];
            l3 += fractions[i] * fractions[i] * fractions[i];
        }

        var offset = StatisticsOffset;
        for (var p = 0; p < Properties.Length; p++)
        {
            double mean = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < count; i++)
            {
                var value = _propertyTable[numbers[i], p];
                mean += fractions[i] * value;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            double deviation = 0;
            for (var i = 0; i < count; i++)
            {
                deviation += fractions[i] * Math.Abs(_propertyTable[numbers[i], p] - mean);
            }

            destination[offset++] = (float)mean;
            destination[offset++] = (float)deviation;
            destination[offset++] = (float)min;
            destination[offset++] = (float)max;
            destination[offset++] = (float)(max - min);
        }

        destination[offset++] = count;
        destination[offset++] = (float)Math.Sqrt(l2);
        destination[offset] = (float)Math.Cbrt(l3);
    }
}
