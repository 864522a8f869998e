using System.Globalization;
using System.Reflection;

namespace MatAssistant.Chemistry;

/// <summary>
/// How often each element is reported in each oxidation state: the evidence behind an oxidation-state set and behind the
/// plausibility of an assignment. The shipped table is ICSD 2024's report counts as SMACT publishes them
/// (<c>corpus/oxidation_states_icsd24_counts.tsv</c>, provenance in <c>corpus/README.md</c>).
/// </summary>
public sealed class OxidationStateStatistics
{
    private const int MinState = -9;
    private const int MaxState = 9;
    private const int Width = MaxState - MinState + 1;

    private static readonly Lazy<OxidationStateStatistics> LazyIcsd24 = new(LoadEmbedded);

    private readonly int[] _counts; // [Z × Width + state − MinState]
    private readonly int[] _mostFrequent; // per Z: the largest count of a non-zero state, 0 when none

    private OxidationStateStatistics(string name, int[] counts)
    {
        Name = name;
        _counts = counts;
        _mostFrequent = new int[ElementTable.MaxAtomicNumber + 1];
        for (var z = 1; z <= ElementTable.MaxAtomicNumber; z++)
        {
            for (var s = MinState; s <= MaxState; s++)
            {
                if (s != 0)
                {
                    _mostFrequent[z] = Math.Max(_mostFrequent[z], Count(z, s));
                }
            }
        }
    }

    /// <summary>The table's name, e.g. <c>icsd24</c>.</summary>
    public string Name { get; }

    /// <summary>ICSD 2024 report counts (812,258 reports, 103 elements), shipped with the assembly.</summary>
    public static OxidationStateStatistics Icsd24 => LazyIcsd24.Value;

    /// <summary>Reports of the element with atomic number <paramref name="atomicNumber"/> in <paramref name="state"/>; 0 when none.</summary>
    public int Count(int atomicNumber, int state) =>
        state is < MinState or > MaxState || atomicNumber is < 1 or > ElementTable.MaxAtomicNumber ? 0 : _counts[(atomicNumber * Width) + state - MinState];

    /// <summary>True when the table has any report of a non-zero state of the element.</summary>
    public bool Covers(int atomicNumber) => _mostFrequent[atomicNumber] > 0;

    /// <summary>
    /// Reports of <paramref name="state"/> relative to the element's most reported non-zero state, in (0, 1]: 1 for the
    /// usual state. A state never reported gets half a report (so it is rare, not impossible); an element the table does
    /// not cover gets 1 (no evidence either way).
    /// </summary>
    public double RelativeFrequency(int atomicNumber, int state)
    {
        var most = _mostFrequent[atomicNumber];
        return most == 0 ? 1 : Math.Min(1, Math.Max(Count(atomicNumber, state), 0.5) / most);
    }

    /// <summary>
    /// The oxidation-state set SMACT's <c>ICSD24OxStatesFilter</c> builds from these counts: non-zero states with at least
    /// <paramref name="consensus"/> reports whose share of the element's remaining reports is at least
    /// <paramref name="minSharePercent"/>. Consensus 3 and share 0 are SMACT 4's run-time default; consensus 6 reproduces
    /// SMACT's <c>oxidation_states_icsd24_filtered.txt</c>.
    /// </summary>
    public OxidationStateSet ToSet(string name, int consensus = 3, double minSharePercent = 0)
    {
        var states = new IReadOnlyList<int>?[ElementTable.MaxAtomicNumber + 1];
        for (var z = 1; z <= ElementTable.MaxAtomicNumber; z++)
        {
            var kept = Enumerable.Range(MinState, Width).Where(s => s != 0 && Count(z, s) >= Math.Max(1, consensus)).ToList();
            var total = kept.Sum(s => (double)Count(z, s));
            states[z] = kept.Where(s => 100.0 * Count(z, s) / total >= minSharePercent).ToList();
        }

        return OxidationStateSet.FromStates(name, states, this);
    }

    /// <summary>Reads tab-separated <c>element state count</c> rows after a header line; <c>#</c> lines are comments.</summary>
    /// <exception cref="InvalidDataException">A row is not a symbol, a state from −9 to +9 and a non-negative count.</exception>
    public static OxidationStateStatistics Load(TextReader reader, string name)
    {
        var counts = new int[(ElementTable.MaxAtomicNumber + 1) * Width];
        var lineNumber = 0;
        var header = true;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 3
                || !ElementTable.Default.TryGet(fields[0], out var element)
                || !int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var state) || state is < MinState or > MaxState
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new InvalidDataException($"{name} line {lineNumber}: expected 'element<TAB>state<TAB>count', found '{line}'.");
            }

            counts[(element.AtomicNumber * Width) + state - MinState] = count;
        }

        return new OxidationStateStatistics(name, counts);
    }

    private static OxidationStateStatistics LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MatAssistant.Chemistry.oxidation_states_icsd24_counts.tsv")
            ?? throw new InvalidOperationException("The embedded ICSD 2024 oxidation-state counts are missing from MatAssistant.Chemistry.");
        using var reader = new StreamReader(stream);
        return Load(reader, "icsd24");
    }
}
