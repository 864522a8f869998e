using System.Globalization;

namespace MatAssistant.Chemistry;

/// <summary>Pauling electronegativity of each element: a parameter of the electronegativity-balance rule.</summary>
public sealed class ElectronegativityTable
{
    private static readonly Lazy<ElectronegativityTable> LazyPauling = new(() =>
    {
        var values = new double[ElementTable.MaxAtomicNumber + 1];
        values[0] = double.NaN;
        foreach (var e in ElementTable.Default.Elements)
        {
            values[e.AtomicNumber] = e.PaulingElectronegativity ?? double.NaN;
        }

        return new ElectronegativityTable("pauling", values);
    });

    private readonly double[] _values; // index Z; NaN where the table has no value

    private ElectronegativityTable(string name, double[] values)
    {
        Name = name;
        _values = values;
    }

    /// <summary><c>pauling</c> or the file name the table was loaded from.</summary>
    public string Name { get; }

    /// <summary>pymatgen's Pauling values from <c>corpus/elements.csv</c>; none for He, Ne, Ar.</summary>
    public static ElectronegativityTable Pauling => LazyPauling.Value;

    /// <summary>χ of the element with atomic number <paramref name="atomicNumber"/>, NaN when the table has none.</summary>
    public double this[int atomicNumber] => _values[atomicNumber];

    /// <summary>χ of <paramref name="element"/>, NaN when the table has none.</summary>
    public double this[Element element] => _values[element.AtomicNumber];

    /// <summary><c>pauling</c>, else a path to SMACT's <c>element_data.txt</c>.</summary>
    public static ElectronegativityTable Resolve(string nameOrPath) =>
        string.Equals(nameOrPath, "pauling", StringComparison.OrdinalIgnoreCase) ? Pauling
        : File.Exists(nameOrPath) ? LoadSmactElementData(nameOrPath)
        : throw new FileNotFoundException($"'{nameOrPath}' is neither the built-in table (pauling) nor an existing file.", nameOrPath);

    /// <summary>Reads the <c>el_neg</c> column of SMACT's <c>element_data.txt</c>.</summary>
    public static ElectronegativityTable LoadSmactElementData(string path)
    {
        using var reader = new StreamReader(path);
        return LoadSmactElementData(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads SMACT's whitespace-separated <c>Symbol Name Z Mass r_cov e_affinity p_eig s_eig Abundance el_neg ion_pot dipol</c>
    /// rows; <c>None</c> is a missing value. Elements the file does not list have no value.
    /// </summary>
    public static ElectronegativityTable LoadSmactElementData(TextReader reader, string name)
    {
        const int ElectronegativityColumn = 9;
        var values = Enumerable.Repeat(double.NaN, ElementTable.MaxAtomicNumber + 1).ToArray();
        var lineNumber = 0;
        var read = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length <= ElectronegativityColumn)
            {
                throw new InvalidDataException($"{name} line {lineNumber}: expected at least {ElectronegativityColumn + 1} columns (SMACT's element_data.txt layout), found {fields.Length}.");
            }

            if (!ElementTable.Default.TryGet(fields[0], out var element))
            {
                continue; // superheavy elements beyond the table
            }

            var text = fields[ElectronegativityColumn];
            if (text == "None")
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var chi) || chi <= 0)
            {
                throw new InvalidDataException($"{name} line {lineNumber}: el_neg '{text}' is not a positive number or None.");
            }

            values[element.AtomicNumber] = chi;
            read++;
        }

        return read > 0 ? new ElectronegativityTable(name, values) : throw new InvalidDataException($"{name} holds no electronegativities.");
    }
}
