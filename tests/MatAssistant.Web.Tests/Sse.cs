namespace MatAssistant.Web.Tests;

/// <summary>Reads a server-sent-events body into (event, data) pairs.</summary>
internal static class Sse
{
    public static List<(string Name, string Data)> Parse(string body)
    {
        var events = new List<(string, string)>();
        foreach (var frame in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?[7..] ?? "message";
            var data = string.Join('\n', lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]));
            events.Add((name, data));
        }

        return events;
    }
}
