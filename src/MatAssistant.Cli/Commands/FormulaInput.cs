using CsvHelper;

namespace MatAssistant.Cli.Commands;

/// <summary>Reads formulas lazily from a file or stdin: one formula a line, or a CSV with a <c>formula</c> column.</summary>
internal static class FormulaInput
{
    public static IEnumerable<string> Read(string path, TextReader standardInput)
    {
        TextReader reader;
        if (path == "-")
        {
            reader = standardInput;
        }
        else
        {
            try
            {
                reader = new StreamReader(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read the input file '{path}': {e.Message}");
            }
        }

        return ReadFrom(reader, path, dispose: path != "-");
    }

    private static IEnumerable<string> ReadFrom(TextReader reader, string name, bool dispose)
    {
        try
        {
            string? first;
            do
            {
                first = reader.ReadLine();
            }
            while (first is not null && string.IsNullOrWhiteSpace(first));

            if (first is null)
            {
                yield break;
            }

            if (first.Contains(',', StringComparison.Ordinal))
            {
                foreach (var formula in ReadCsv(first, reader, name))
                {
                    yield return formula;
                }

                yield break;
            }

            if (!string.Equals(first.Trim(), "formula", StringComparison.OrdinalIgnoreCase))
            {
                yield return first.Trim();
            }

            while (reader.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    yield return line.Trim();
                }
            }
        }
        finally
        {
            if (dispose)
            {
                reader.Dispose();
            }
        }
    }

    private static IEnumerable<string> ReadCsv(string headerLine, TextReader reader, string name)
    {
        var header = headerLine.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        var column = Array.FindIndex(header, h => string.Equals(h, "formula", StringComparison.OrdinalIgnoreCase));
        if (column < 0)
        {
            throw new UsageException($"'{name}' looks like CSV but has no 'formula' column (columns: {string.Join(", ", header)}).");
        }

        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow }, leaveOpen: true);
        while (csv.Read())
        {
            if (column < csv.FieldCount && csv.GetString(column) is { } formula && !string.IsNullOrWhiteSpace(formula))
            {
                yield return formula.Trim();
            }
        }
    }
}
