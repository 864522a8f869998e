using System.Text;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// Decides which part of the output streamed so far can be shown: text before the tool-call section (everything from its
/// marker on is decoded when generation ends), without <c>&lt;think&gt;…&lt;/think&gt;</c> blocks, holding back a tail that
/// may be the start of either. With a format whose calls only open the answer (Llama 3.1), a leading <c>{</c> starts the
/// tool section and a later one is text.
/// </summary>
/// <param name="calls">The tool-call format to watch for; null when no calls are parsed.</param>
internal sealed class StreamFilter(ToolCallFormat? calls)
{
    private const string Think = "<think>";
    private const string EndThink = "</think>";

    private readonly string? _marker = calls?.Envelope.Marker;
    private readonly bool _atStartOnly = calls?.CallsOnlyAtStart == true;

    /// <summary>Raw output handled so far (shown or skipped); the rest is decoded when generation ends.</summary>
    public int Consumed { get; private set; }

    /// <summary>Whether any text has been shown.</summary>
    public bool EmittedAny { get; private set; }

    /// <summary>Whether the output reached a tool-call marker.</summary>
    public bool InToolSection { get; private set; }

    /// <summary>The newly showable text, given all raw output so far.</summary>
    public string Advance(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sb = new StringBuilder();
        while (!InToolSection)
        {
            if (raw.AsSpan(Consumed).StartsWith(Think, StringComparison.Ordinal))
            {
                var close = raw.IndexOf(EndThink, Consumed, StringComparison.Ordinal);
                if (close < 0)
                {
                    break;
                }

                Consumed = close + EndThink.Length;
                continue;
            }

            if (_atStartOnly && !EmittedAny && sb.Length == 0)
            {
                var lead = raw.AsSpan(Consumed).TrimStart();
                if (lead.StartsWith(_marker, StringComparison.Ordinal))
                {
                    Consumed = raw.Length - lead.Length;
                    InToolSection = true;
                    break;
                }

                if (lead.Length == 0 || _marker!.AsSpan().StartsWith(lead, StringComparison.Ordinal))
                {
                    break;
                }
            }

            var think = raw.IndexOf(Think, Consumed, StringComparison.Ordinal);
            var call = _marker is not null && !_atStartOnly ? raw.IndexOf(_marker, Consumed, StringComparison.Ordinal) : -1;
            var stop = think < 0 ? call : call < 0 ? think : Math.Min(think, call);
            if (stop >= 0)
            {
                sb.Append(raw, Consumed, stop - Consumed);
                Consumed = stop;
                InToolSection = stop == call;
                continue;
            }

            var safe = HoldBack(raw);
            sb.Append(raw, Consumed, safe - Consumed);
            Consumed = safe;
            break;
        }

        var text = EmittedAny ? sb.ToString() : sb.ToString().TrimStart();
        EmittedAny |= text.Length > 0;
        return text;
    }

    /// <summary>Where showable text ends: before a tail that may grow into a reasoning tag or a call marker.</summary>
    private int HoldBack(string raw)
    {
        var safe = raw.Length;
        foreach (var tag in (ReadOnlySpan<string?>)[Think, _atStartOnly ? null : _marker])
        {
            if (tag is null)
            {
                continue;
            }

            var at = raw.LastIndexOf(tag[0]);
            if (at >= Consumed && tag.AsSpan().StartsWith(raw.AsSpan(at), StringComparison.Ordinal))
            {
                safe = Math.Min(safe, at);
            }
        }

        return safe;
    }
}
