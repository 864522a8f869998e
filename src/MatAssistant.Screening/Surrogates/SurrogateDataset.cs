using System.Globalization;
using System.IO.Compression;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Surrogates;

/// <summary>One training or test row.</summary>
/// <param name="Formula">The formula as written in the data set.</param>
/// <param name="Composition">The parsed composition.</param>
/// <param name="Target">The property value (0/1 for a classifier).</param>
/// <param name="Fold">The official Matbench test fold (0–4), or -1 when the file has none.</param>
public sealed record SurrogateRow(string Formula, Composition Composition, double Target, int Fold);

/// <summary>Reads the shared data sets (DESIGN.md §1): never copied into the repository, found by path option or <c>MATASSIST_DATA</c>.</summary>
public static class SurrogateDataset
{
    /// <summary>The data directory (<see cref="SharedDataLocator"/>'s policy); throws <see cref="DirectoryNotFoundException"/> saying what to do.</summary>
    public static string ResolveDataDirectory(string? explicitPath) => SharedDataLocator.FindDataDirectory(explicitPath);

    /// <summary>The Matbench-folds file of <paramref name="spec"/> in <paramref name="dataDirectory"/> (plain or gzip).</summary>
    public static string FoldsFile(string dataDirectory, SurrogateSpec spec)
    {
        var plain = Path.Combine(dataDirectory, $"{spec.Dataset}_matbench_folds.csv");
        var gz = plain + ".gz";
        return File.Exists(plain) ? plain
            : File.Exists(gz) ? gz
            : throw new FileNotFoundException($"Neither {plain} nor {gz} exists.");
    }

    /// <summary>Reads a CSV with <c>formula</c>, <c>target</c> and optionally <c>matbench_fold</c>; rows whose formula cannot be parsed are counted in <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<SurrogateRow> Load(string path, out int skipped)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return Load(reader, path, out skipped);
    }

    /// <inheritdoc cref="Load(string, out int)"/>
    public static IReadOnlyList<SurrogateRow> Load(TextReader reader, string name, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{name} is empty.")).Split(',');
        var formulaColumn = Array.IndexOf(header, "formula");
        var targetColumn = Array.IndexOf(header, "target");
        var foldColumn = Array.IndexOf(header, "matbench_fold");
        if (formulaColumn < 0 || targetColumn < 0)
        {
            throw new InvalidDataException($"{name} needs 'formula' and 'target' columns.");
        }

        var rows = new List<SurrogateRow>();
        skipped = 0;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // The data files have no quoted fields (formulas contain no commas), so a plain split is exact.
            var fields = line.Split(',');
            if (fields.Length != header.Length
                || !double.TryParse(fields[targetColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var target))
            {
                throw new InvalidDataException($"{name} line {lineNumber}: expected {header.Length} fields with a numeric target.");
            }

            var fold = foldColumn >= 0 ? int.Parse(fields[foldColumn], CultureInfo.InvariantCulture) : -1;
            if (FormulaParser.TryParse(fields[formulaColumn], out var composition, out _))
            {
                rows.Add(new SurrogateRow(fields[formulaColumn], composition, target, fold));
            }
            else
            {
                skipped++;
            }
        }

        return rows;
    }

    /// <summary>Combines the targets of rows with the same reduced composition (polymorphs), keeping the first row's formula and fold.</summary>
    public static IReadOnlyList<SurrogateRow> GroupByComposition(IEnumerable<SurrogateRow> rows, PolymorphAggregate aggregate = PolymorphAggregate.Mean) =>
        rows.GroupBy(r => Key(r.Composition), StringComparer.Ordinal)
            .Select(g => g.First() with { Target = aggregate == PolymorphAggregate.Minimum ? g.Min(r => r.Target) : g.Average(r => r.Target) })
            .ToArray();

    /// <summary>The grouping key of a composition: its reduced formula in alphabetical order (CrabNet's style).</summary>
    public static string Key(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        return composition.Reduce().Composition.AlphabeticalFormula;
    }
}
