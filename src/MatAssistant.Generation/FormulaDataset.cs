using CsvHelper;
using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>One known material: its canonical key (reduced, alphabetical, every count written) and reduced composition.</summary>
/// <param name="Key">The canonical key, e.g. <c>O3Sr1Ti1</c>.</param>
/// <param name="Composition">The reduced composition with whole-number amounts.</param>
public sealed record KnownFormula(string Key, Composition Composition)
{
    /// <summary>The chemical system, symbols sorted and joined by '-', e.g. <c>O-Sr-Ti</c>.</summary>
    public string ChemicalSystem => FormulaDataset.ChemicalSystem(Composition);
}

/// <summary>Reads a CSV with a <c>formula</c> column into distinct reduced compositions.</summary>
public static class FormulaDataset
{
    /// <summary>The file name of the Materials Project reduced-formula set the generator trains on.</summary>
    public const string TrainingFileName = "mp_e_form_reduced.csv";

    /// <summary>The formulas of <paramref name="path"/>, reduced and deduplicated in file order; unreadable or fractional rows are skipped and counted.</summary>
    public static (IReadOnlyList<KnownFormula> Formulas, int Skipped) Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist: pass --data DIR or set MATASSIST_DATA.", path);
        }

        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        var column = Array.FindIndex(header, h => string.Equals(h, "formula", StringComparison.OrdinalIgnoreCase));
        if (column < 0)
        {
            throw new InvalidDataException($"{path} has no 'formula' column.");
        }

        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow }, leaveOpen: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var formulas = new List<KnownFormula>();
        var skipped = 0;
        while (csv.Read())
        {
            var text = column < csv.FieldCount ? csv.GetString(column) : null;
            if (!FormulaParser.TryParse(text, out var composition, out _) || composition.Reduce() is not { IsIntegral: true } reduced)
            {
                skipped++;
                continue;
            }

            var key = reduced.Composition.AlphabeticalFormula;
            if (seen.Add(key))
            {
                formulas.Add(new KnownFormula(key, reduced.Composition));
            }
        }

        return (formulas, skipped);
    }

    /// <summary>Symbols sorted ordinally and joined by '-'.</summary>
    public static string ChemicalSystem(Composition composition) =>
        string.Join('-', composition.Elements.Select(e => e.Symbol).Order(StringComparer.Ordinal));
}
