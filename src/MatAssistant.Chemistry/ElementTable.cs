using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace MatAssistant.Chemistry;

/// <summary>
/// The periodic table Z = 1–103, read once from the embedded <c>corpus/elements.csv</c>
/// (pymatgen 2022.11.7's element data; provenance in <c>corpus/README.md</c>).
/// </summary>
public sealed class ElementTable
{
    /// <summary>Highest atomic number in the table.</summary>
    public const int MaxAtomicNumber = 103;

    private static readonly Lazy<ElementTable> LazyDefault = new(LoadEmbedded);

    private readonly Element[] _byNumber; // index = Z; slot 0 unused
    private readonly FrozenDictionary<string, Element> _bySymbol;
    private readonly byte[] _symbolLookup; // 26 × 27 table: [first letter, second letter or none] → Z

    private ElementTable(IEnumerable<Element> elements)
    {
        _byNumber = new Element[MaxAtomicNumber + 1];
        _symbolLookup = new byte[26 * 27];
        foreach (var element in elements)
        {
            _byNumber[element.AtomicNumber] = element;
            _symbolLookup[SymbolSlot(element.Symbol)] = (byte)element.AtomicNumber;
        }

        for (var z = 1; z <= MaxAtomicNumber; z++)
        {
            if (_byNumber[z] is null)
            {
                throw new InvalidDataException($"The element table has no element with Z = {z}.");
            }
        }

        _bySymbol = _byNumber.Skip(1).ToFrozenDictionary(e => e.Symbol, StringComparer.Ordinal);
        Elements = _byNumber.Skip(1).ToArray();
    }

    /// <summary>The table shipped with the assembly.</summary>
    public static ElementTable Default => LazyDefault.Value;

    /// <summary>All elements in order of Z.</summary>
    public IReadOnlyList<Element> Elements { get; }

    /// <summary>The element with atomic number <paramref name="atomicNumber"/> (1–103).</summary>
    public Element this[int atomicNumber] =>
        atomicNumber is >= 1 and <= MaxAtomicNumber
            ? _byNumber[atomicNumber]
            : throw new ArgumentOutOfRangeException(nameof(atomicNumber), atomicNumber, "Atomic numbers run from 1 to 103.");

    /// <summary>The element with this exact (case-sensitive) symbol.</summary>
    public Element this[string symbol] =>
        TryGet(symbol, out var element) ? element : throw new KeyNotFoundException($"Unknown element symbol '{symbol}'.");

    public bool TryGet(string symbol, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Element? element) =>
        _bySymbol.TryGetValue(symbol, out element);

    /// <summary>Z of a one- or two-letter symbol, or 0 when no element has it. Allocation-free; used by the parser.</summary>
    internal int AtomicNumberOf(char first, char second)
    {
        if (first is < 'A' or > 'Z')
        {
            return 0;
        }

        var column = second == '\0' ? 0 : second is >= 'a' and <= 'z' ? second - 'a' + 1 : -1;
        return column < 0 ? 0 : _symbolLookup[((first - 'A') * 27) + column];
    }

    private static int SymbolSlot(string symbol) =>
        ((symbol[0] - 'A') * 27) + (symbol.Length > 1 ? symbol[1] - 'a' + 1 : 0);

    /// <summary>Reads a table in the column layout of <c>corpus/elements.csv</c>.</summary>
    public static ElementTable Load(TextReader reader)
    {
        var header = reader.ReadLine() ?? throw new InvalidDataException("The element table is empty.");
        var columns = header.Split(',');
        int Col(string name)
        {
            var index = Array.IndexOf(columns, name);
            return index >= 0 ? index : throw new InvalidDataException($"The element table has no '{name}' column.");
        }

        int z = Col("Z"), symbol = Col("symbol"), name = Col("name"), row = Col("row"), group = Col("group"),
            block = Col("block"), mass = Col("atomic_mass"), chi = Col("pauling_electronegativity"),
            common = Col("common_oxidation_states"), icsd = Col("icsd_oxidation_states"),
            all = Col("all_oxidation_states"), radius = Col("atomic_radius"), mendeleev = Col("mendeleev_no"),
            metal = Col("is_metal");

        var elements = new List<Element>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // The file has no quoted fields (lists are space-separated), so a plain split is exact.
            var f = line.Split(',');
            if (f.Length != columns.Length)
            {
                throw new InvalidDataException($"Element table line {lineNumber}: expected {columns.Length} fields, found {f.Length}.");
            }

            elements.Add(new Element(
                int.Parse(f[z], CultureInfo.InvariantCulture),
                f[symbol],
                f[name],
                int.Parse(f[row], CultureInfo.InvariantCulture),
                int.Parse(f[group], CultureInfo.InvariantCulture),
                f[block],
                double.Parse(f[mass], CultureInfo.InvariantCulture),
                OptionalDouble(f[chi]),
                States(f[common]),
                States(f[icsd]),
                States(f[all]),
                OptionalDouble(f[radius]),
                int.Parse(f[mendeleev], CultureInfo.InvariantCulture),
                bool.Parse(f[metal])));
        }

        return new ElementTable(elements);
    }

    private static double? OptionalDouble(string text) =>
        text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);

    private static int[] States(string text) =>
        text.Length == 0
            ? []
            : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static ElementTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MatAssistant.Chemistry.elements.csv")
            ?? throw new InvalidOperationException("The embedded element table is missing from MatAssistant.Chemistry.");
        using var reader = new StreamReader(stream);
        return Load(reader);
    }
}
