using System.Text;
using System.Text.RegularExpressions;

namespace MatAssistant.Literature;

/// <summary>
/// Corpus text as a reader should see it: LaTeX fragments (<c>$E_{\text{hull}} &lt; 80$</c>), carets and underscores
/// (<c>10^{9}</c>, <c>CaCO_6</c>) turned into plain Unicode (<c>E_hull &lt; 80</c>, <c>10⁹</c>, <c>CaCO₆</c>). Display only:
/// citations keep the verbatim text, so a quote still equals the stored text at its offsets.
/// </summary>
public static partial class ReadableText
{
    private const string SuperscriptSource = "0123456789+-=()n";
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ";
    private const string SubscriptSource = "0123456789+-=()";
    private const string Subscripts = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎";

    private static readonly (string Command, string Text)[] Symbols =
    [
        (@"\times", "×"), (@"\cdot", "·"), (@"\leq", "≤"), (@"\le", "≤"), (@"\geq", "≥"), (@"\ge", "≥"), (@"\approx", "≈"),
        (@"\sim", "~"), (@"\pm", "±"), (@"\neq", "≠"), (@"\infty", "∞"), (@"\rightarrow", "→"), (@"\to", "→"), (@"\degree", "°"),
        (@"\circ", "°"), (@"\alpha", "α"), (@"\beta", "β"), (@"\gamma", "γ"), (@"\delta", "δ"), (@"\Delta", "Δ"), (@"\epsilon", "ε"),
        (@"\theta", "θ"), (@"\lambda", "λ"), (@"\mu", "μ"), (@"\sigma", "σ"), (@"\tau", "τ"), (@"\phi", "φ"), (@"\omega", "ω"),
        (@"\%", "%"), (@"\,", " "), (@"\;", " "), (@"\ ", " "),
    ];

    /// <summary>The readable form of <paramref name="text"/>; text without markup comes back unchanged.</summary>
    public static string Render(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOfAny(['$', '^', '_', '\\']) < 0)
        {
            return text;
        }

        var result = InlineMath().Replace(text, m => Spaces().Replace(Markup(m.Groups[1].Value), " ").Trim());
        return Markup(result);
    }

    private static string Markup(string text)
    {
        var s = TextCommand().Replace(text, m => m.Groups[1].Value);
        foreach (var (command, symbol) in Symbols.OrderByDescending(x => x.Command.Length))
        {
            s = Regex.Replace(s, Regex.Escape(command) + @"(?![A-Za-z])", symbol);
        }

        s = Superscript().Replace(s, m => Map(m.Groups["b"].Success ? m.Groups["b"].Value : m.Groups["c"].Value, SuperscriptSource, Superscripts, "^"));
        s = Subscript().Replace(s, m => Map(m.Groups["b"].Success ? m.Groups["b"].Value : m.Groups["c"].Value, SubscriptSource, Subscripts, "_"));
        return s;
    }

    /// <summary>Each character in its script form when all have one ("10⁻²²", "CaCO₆"), else the plain "_hull" form.</summary>
    private static string Map(string value, string source, string target, string marker)
    {
        var trimmed = value.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (trimmed.Length > 0 && trimmed.All(c => source.Contains(c, StringComparison.Ordinal)))
        {
            var builder = new StringBuilder(trimmed.Length);
            foreach (var c in trimmed)
            {
                builder.Append(target[source.IndexOf(c, StringComparison.Ordinal)]);
            }

            return builder.ToString();
        }

        return marker + value;
    }

    [GeneratedRegex(@" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\$([^$\n]{1,200})\$")]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"\\(?:text|mathrm|mathit|mathbf|rm|textrm|operatorname)\s*\{([^{}]*)\}")]
    private static partial Regex TextCommand();

    [GeneratedRegex(@"\^(?:\{(?<b>[^{}]{1,20})\}|(?<c>-?[0-9]{1,3}|[+\-n]))")]
    private static partial Regex Superscript();

    [GeneratedRegex(@"(?<=[\p{L}\p{N})\]])_(?:\{(?<b>[^{}]{1,20})\}|(?<c>[0-9]{1,3}))")]
    private static partial Regex Subscript();
}
