using System.Globalization;

namespace MatAssistant.Chemistry;

/// <summary>
/// The oxidation states each element may take: a parameter of the charge-neutrality rule. Built-in sets come from
/// <c>corpus/elements.csv</c>; any file in SMACT's <c>oxidation_states*.txt</c> format can be loaded.
/// </summary>
/// <remarks>States of an element are stored in order of preference (pymatgen's common states first, then by
/// magnitude), so the assignment reported for a formula is the chemically usual one when several exist.</remarks>
public sealed class OxidationStateSet
{
    private readonly int[] _flat;
    private readonly int[] _start; // index Z; states of Z are _flat[_start[Z].._start[Z + 1]]

    private static readonly Lazy<OxidationStateSet> LazyIcsd = new(() => FromTable(
        "icsd",
        e => e.IcsdOxidationStates.Count > 0 ? e.IcsdOxidationStates : e.AllOxidationStates));

    private static readonly Lazy<OxidationStateSet> LazyCommon = new(() => FromTable("common", e => e.CommonOxidationStates));

    private static readonly Lazy<OxidationStateSet> LazyAll = new(() => FromTable("all", e => e.AllOxidationStates));

    private static readonly Lazy<OxidationStateSet> LazyIcsd24 = new(() => OxidationStateStatistics.Icsd24.ToSet("icsd24", consensus: 3));

    private static readonly Lazy<OxidationStateSet> LazyIcsd24Filtered = new(() => OxidationStateStatistics.Icsd24.ToSet("icsd24_filtered", consensus: 6));

    private OxidationStateSet(string name, IReadOnlyList<IReadOnlyList<int>?> statesByNumber, OxidationStateStatistics? statistics = null)
    {
        Name = name;
        _start = new int[ElementTable.MaxAtomicNumber + 2];
        var flat = new List<int>();
        for (var z = 0; z <= ElementTable.MaxAtomicNumber; z++)
        {
            _start[z] = flat.Count;
            if (z > 0 && statesByNumber[z] is { } states)
            {
                flat.AddRange(statistics is null ? PreferenceOrder(ElementTable.Default[z], states) : states.Distinct().OrderByDescending(st => statistics.Count(z, st)).ThenBy(Math.Abs));
            }
        }

        _start[ElementTable.MaxAtomicNumber + 1] = flat.Count;
        _flat = [.. flat];
        ContainsZero = _flat.Contains(0);
    }

    /// <summary>A short name: <c>icsd</c>, <c>common</c>, <c>all</c>, or the file name it was loaded from.</summary>
    public string Name { get; }

    /// <summary>True when some element may take the state 0 (only SMACT's wiki set does); the electronegativity test then ignores that element.</summary>
    public bool ContainsZero { get; }

    /// <summary>
    /// pymatgen's ICSD states (the default before issue 12) (≥ 10 ICSD instances and ≥ 1 % of the element's entries); for the 28 elements
    /// without any, pymatgen's full list, as pymatgen's own <c>oxi_state_guesses</c> does.
    /// </summary>
    public static OxidationStateSet Icsd => LazyIcsd.Value;

    /// <summary>pymatgen's common oxidation states; none for the noble gases.</summary>
    public static OxidationStateSet Common => LazyCommon.Value;

    /// <summary>Every state pymatgen knows; very inclusive.</summary>
    public static OxidationStateSet All => LazyAll.Value;

    /// <summary>
    /// SMACT 4's default: the states ICSD 2024 reports at least 3 times (from the shipped counts, SMACT's run-time filter with
    /// consensus 3 and no share threshold), most reported first. 99 elements; none for He, Ne, Ar, At, Rn, Fr, Es–Lr.
    /// </summary>
    public static OxidationStateSet Icsd24 => LazyIcsd24.Value;

    /// <summary>SMACT 3's default, <c>oxidation_states_icsd24_filtered.txt</c>: states with at least 6 ICSD 2024 reports.</summary>
    public static OxidationStateSet Icsd24Filtered => LazyIcsd24Filtered.Value;

    /// <summary>The built-in names <see cref="Resolve(string, string?)"/> accepts.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = ["icsd24", "icsd24_filtered", "icsd", "common", "all", "smact14"];

    /// <summary>The states of the element with atomic number <paramref name="atomicNumber"/>, most usual first; empty when it has none.</summary>
    public ReadOnlySpan<int> this[int atomicNumber] => _flat.AsSpan(_start[atomicNumber], _start[atomicNumber + 1] - _start[atomicNumber]);

    /// <summary>The states of <paramref name="element"/>, most usual first.</summary>
    public ReadOnlySpan<int> this[Element element] => this[element.AtomicNumber];

    /// <inheritdoc cref="Resolve(string, string?)"/>
    public static OxidationStateSet Resolve(string nameOrPath) => Resolve(nameOrPath, null);

    /// <summary>
    /// A built-in set by name — <c>icsd24</c> (SMACT 4's default), <c>icsd24_filtered</c> (SMACT 3's), <c>icsd</c> (pymatgen's
    /// ICSD states), <c>common</c>, <c>all</c>, <c>smact14</c> (SMACT's original table, read from
    /// <paramref name="smactDataDirectory"/><c>/oxidation_states.txt</c>: it is not shipped) — else a path to a SMACT-format file.
    /// <c>default</c> names <see cref="ScreeningRules.Default"/>'s set.
    /// </summary>
    /// <param name="nameOrPath">A name above or a file path.</param>
    /// <param name="smactDataDirectory">The folder of SMACT's data files (<c>../shared/data/smact</c>), for <c>smact14</c>.</param>
    public static OxidationStateSet Resolve(string nameOrPath, string? smactDataDirectory) => nameOrPath.ToUpperInvariant() switch
    {
        "DEFAULT" => ScreeningRules.Default.OxidationStates,
        "ICSD24" => Icsd24,
        "ICSD24_FILTERED" => Icsd24Filtered,
        "ICSD" or "PYMATGEN" => Icsd,
        "COMMON" => Common,
        "ALL" => All,
        "SMACT14" => smactDataDirectory is not null && File.Exists(Path.Combine(smactDataDirectory, "oxidation_states.txt"))
            ? LoadSmactFile(Path.Combine(smactDataDirectory, "oxidation_states.txt"))
            : throw new FileNotFoundException("The smact14 set is read from SMACT's oxidation_states.txt, which is not shipped: give the folder of SMACT's data files (../shared/data/smact) or the file's path."),
        _ => File.Exists(nameOrPath)
            ? LoadSmactFile(nameOrPath)
            : throw new FileNotFoundException($"'{nameOrPath}' is neither a built-in set ({string.Join(", ", BuiltInNames)}) nor an existing file.", nameOrPath),
    };

    /// <summary>Reads a file in SMACT's <c>oxidation_states*.txt</c> format.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">A line is not a symbol followed by integers.</exception>
    public static OxidationStateSet LoadSmactFile(string path)
    {
        using var reader = new StreamReader(path);
        return LoadSmact(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads SMACT's format: <c>#</c> comments; each line a symbol and zero or more integers (<c>+1</c> or <c>1</c>)
    /// separated by any whitespace (tabs occur); CRLF or LF. Symbols beyond Lr (Rf–Hs) are skipped: no formula can hold them.
    /// </summary>
    public static OxidationStateSet LoadSmact(TextReader reader, string name)
    {
        var states = new IReadOnlyList<int>?[ElementTable.MaxAtomicNumber + 1];
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!ElementTable.Default.TryGet(fields[0], out var element))
            {
                if (fields[0].Length <= 2 && char.IsAsciiLetterUpper(fields[0][0]))
                {
                    continue; // a superheavy element such as Rf
                }

                throw new InvalidDataException($"{name} line {lineNumber}: '{fields[0]}' is not an element symbol.");
            }

            var list = new List<int>();
            foreach (var field in fields.Skip(1))
            {
                if (!int.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var state) || Math.Abs(state) > 9)
                {
                    throw new InvalidDataException($"{name} line {lineNumber}: '{field}' is not an oxidation state (an integer from -9 to +9).");
                }

                if (!list.Contains(state))
                {
                    list.Add(state);
                }
            }

            states[element.AtomicNumber] = list;
        }

        if (states.All(s => s is null))
        {
            throw new InvalidDataException($"{name} holds no oxidation states: expected lines such as 'Fe +2 +3'.");
        }

        return new OxidationStateSet(name, states);
    }

    internal static OxidationStateSet FromStates(string name, IReadOnlyList<IReadOnlyList<int>?> states, OxidationStateStatistics? statistics) =>
        new(name, states, statistics);

    private static OxidationStateSet FromTable(string name, Func<Element, IReadOnlyList<int>> select)
    {
        var states = new IReadOnlyList<int>?[ElementTable.MaxAtomicNumber + 1];
        foreach (var element in ElementTable.Default.Elements)
        {
            states[element.AtomicNumber] = select(element);
        }

        return new OxidationStateSet(name, states);
    }

    private static IEnumerable<int> PreferenceOrder(Element element, IReadOnlyList<int> states) =>
        states.Distinct()
            .OrderBy(s => element.CommonOxidationStates.Contains(s) ? 0 : 1)
            .ThenBy(s => element.IcsdOxidationStates.Contains(s) ? 0 : 1)
            .ThenBy(Math.Abs)
            .ThenByDescending(s => s);
}
