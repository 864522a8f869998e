using System.Text.Json;

namespace MatAssistant.Agent.Evaluation;

/// <summary>Evaluation sets as JSON Lines: one object a line, blank lines skipped, a bad line named by its number.</summary>
internal static class JsonLines
{
    public static IReadOnlyList<T> Read<T>(string path, string what, Func<JsonElement, T> read)
    {
        var items = new List<T>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                items.Add(read(document.RootElement));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"line {line}: not a {what} ({e.Message}).", e);
            }
        }

        return items;
    }
}
