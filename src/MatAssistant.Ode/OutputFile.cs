using System.Globalization;
using System.Text;

namespace MatAssistant.Ode;

/// <summary>
/// Writing result files (plots, CSV): the parent directory must already exist — a typo in a path should be an error,
/// not a new directory tree, and a service running as root must not create directories where a user points it — and
/// every file is written to a temporary name beside the target and moved over it, so a reader never sees half a file.
/// </summary>
public static class OutputFile
{
    /// <summary>The one-line reason <paramref name="path"/> cannot be written (empty, a directory, missing parent directory), or null.</summary>
    public static string? Validate(string? path, string what = "the output file")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{what}: no file name given";
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{what} '{path}' is not a valid path ({e.Message})";
        }

        if (Directory.Exists(full))
        {
            return $"{what} '{path}' is a directory; give a file name";
        }

        var directory = Path.GetDirectoryName(full);
        return directory is null || !Directory.Exists(directory)
            ? $"{what} '{path}': the directory '{directory}' does not exist; create it first or choose another path"
            : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Validate"/>'s message.</summary>
    public static void EnsureWritable(string? path, string what = "the output file")
    {
        if (Validate(path, what) is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path in the target's directory (hidden, same extension, since
    /// some writers choose the format by it), then moves it over
    /// <paramref name="path"/>; the temporary file is removed if writing fails. Returns the full path written.
    /// Throws <see cref="ArgumentException"/> when the directory does not exist.
    /// </summary>
    public static string WriteAtomically(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        EnsureWritable(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) atomically; returns the full path.</summary>
    public static string WriteAllText(string path, string text) =>
        WriteAtomically(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(false)));
}

/// <summary>Solutions as CSV: numbers in invariant culture with round-trip precision, fields quoted when needed.</summary>
public static class SolutionCsv
{
    /// <summary><c>t,&lt;unknowns…&gt;</c>, one row per output time.</summary>
    public static string Format(OdeSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', solution.Variables.Prepend("t").Select(Field)));
        for (var i = 0; i < solution.T.Count; i++)
        {
            text.AppendLine(string.Join(',', solution.Variables.Select(v => solution.Values[v][i]).Prepend(solution.T[i]).Select(Number)));
        }

        return text.ToString();
    }

    /// <summary><c>x,c(t=…),…</c>: one row per node, one column per output time.</summary>
    public static string Format(DiffusionSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', solution.Times.Select(t => Field($"{solution.Field}(t={Number(t)})")).Prepend("x")));
        for (var i = 0; i < solution.X.Count; i++)
        {
            text.AppendLine(string.Join(',', solution.Profiles.Select(profile => profile[i]).Prepend(solution.X[i]).Select(Number)));
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="Format(OdeSolution)"/> to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string Write(OdeSolution solution, string path) => OutputFile.WriteAllText(path, Format(solution));

    /// <summary>Writes <see cref="Format(DiffusionSolution)"/> to <paramref name="path"/> atomically; returns the full path.</summary>
    public static string Write(DiffusionSolution solution, string path) => OutputFile.WriteAllText(path, Format(solution));

    private static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
}
