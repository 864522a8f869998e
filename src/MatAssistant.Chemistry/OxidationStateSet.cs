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

    private OxidationStateSet(string name, IReadOnlyList<IReadOnlyList<int>?> statesByNumber)
    {
        Name = name;
        _start = new int[ElementTable.MaxAtomicNumber + 2];
        var flat = new List<int>();
        for (var z = 0; z <= ElementTable.MaxAtomicNumber; z++)
        {
            _start[z] = flat.Count;
            if (z > 0 && statesByNumber[z] is { } states)
            {
                flat.AddRange(PreferenceOrder(ElementTable.Default[z], states));
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
    /// Default: pymatgen's ICSD states (≥ 10 ICSD instances and ≥ 1 % of the element's entries); for the 28 elements
    /// without any, pymatgen's full list, as pymatgen's own <c>oxi_state_guesses</c> does.
    /// </summary>
    public static OxidationStateSet Icsd => LazyIcsd.Value;

    /// <summary>pymatgen's common oxidation states; none for the noble gases.</summary>
    public static OxidationStateSet Common => LazyCommon.Value;

    /// <summary>Every state pymatgen knows; very inclusive.</summary>
    public static OxidationStateSet All => LazyAll.Value;

    /// <summary>The states of the element with atomic number <paramref name="atomicNumber"/>, most usual first; empty when it has none.</summary>
    public ReadOnlySpan<int> this[int atomicNumber] => _flat.AsSpan(_start[atomicNumber], _start[atomicNumber + 1] - _start[atomicNumber]);

    /// <summary>The states of <paramref name="element"/>, most usual first.</summary>
    public ReadOnlySpan<int> this[Element element] => this[element.AtomicNumber];

    /// <summary><c>icsd</c>, <c>common</c> or <c>all</c>, else a path to a SMACT-format file.</summary>
    public static OxidationStateSet Resolve(string nameOrPath) => nameOrPath.ToUpperInvariant() switch
    {
        "ICSD" or "DEFAULT" => Icsd,
        "COMMON" => Common,
        "ALL" => All,
        _ => File.Exists(nameOrPath)
            ? LoadSmactFile(nameOrPath)
            : throw new FileNotFoundException($"'{nameOrPath}' is neither a built-in set (icsd, common, all) nor an existing file.", nameOrPath),
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
