using Xunit;
using Xunit.Abstractions;

namespace MatAssistant.Literature.Tests;

public sealed class DumpTests(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        foreach (var prefix in new[] { "000", "001", "002", "003", "004" })
        {
            var d = Corpus.Read(prefix);
            output.WriteLine($"=== {d.Name} lang={d.Language} title=[{d.Title}] authors=[{d.Authors}]");
            foreach (var b in d.Blocks)
            {
                var t = d.Text[b.Start..b.End].Replace("\n", "⏎", StringComparison.Ordinal);
                output.WriteLine($"{b.Kind,-10} [{b.Section}] {(t.Length > 90 ? t[..90] : t)}");
            }
        }
    }
}
