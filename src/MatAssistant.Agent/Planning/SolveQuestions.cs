namespace MatAssistant.Agent.Planning;

/// <summary>The values a template cannot do without: one question naming what is missing, never a silent default.</summary>
internal static class SolveQuestions
{
    /// <summary>One question naming what the template needs and the request did not give; null when nothing is missing.</summary>
    public static string? Missing(string text, SolveSlots slots)
    {
        var p = slots.Parameters;
        var q = slots.Quantities;
        return slots.Template switch
        {
            "fick" when !q.ContainsKey("D") && !p.ContainsKey("D") =>
                "What is the diffusion coefficient D (in m²/s or cm²/s) at this temperature? Or give D0 and the activation energy Q, so that D = D0·exp(−Q/(R·T)). I will not assume one.",
            "jmak" when !p.ContainsKey("k") =>
                "What is the JMAK rate constant k (in 1/s), or a measured pair such as the time to 50 % transformed? The Avrami exponent alone does not fix the kinetics, and I will not assume a default k.",
            "nth-order" when !p.ContainsKey("k") && p.GetValueOrDefault("n", 1) != 1 && System.Text.RegularExpressions.Regex.IsMatch(text, @"half[- ]?life", System.Text.RegularExpressions.RegexOptions.IgnoreCase) =>
                "What is the initial concentration c0 (e.g. 0.1 mol/L)? Away from first order the half-life depends on it (second order: t½ = 1/(k·c0)), so the half-life alone does not fix the rate constant.",
            "nth-order" when !p.ContainsKey("k") =>
                "What is the rate constant k (with its units, e.g. 0.15 L/(mol·min) or 2e-3 per minute)?",
            "nth-order" when p.GetValueOrDefault("n", 2) != 1 && !p.ContainsKey("c0") && !q.ContainsKey("c0") =>
                "What is the initial concentration c0 (e.g. [A]0 = 0.4 mol/L)? For a reaction that is not first order, the half-life t1/2 = 1/(k·c0) for second order depends on it.",
            "arrhenius" when !p.ContainsKey("Ea") && !q.ContainsKey("Ea") =>
                "What is the activation energy Ea (e.g. 120 kJ/mol), or a second rate constant at another temperature? One rate constant at one temperature does not fix the temperature dependence, and I will not assume a default Ea.",
            "parabolic-growth" when !p.ContainsKey("B") =>
                "What is the parabolic rate constant kp (in m²/s, µm²/h or cm²/s; x² = kp·t)? The growth law alone does not fix the rate, and I will not assume one.",
            "heat-plate" or "heat-slab" or "heat-semi-infinite" when !p.ContainsKey("alpha") =>
                "What is the thermal diffusivity α = k/(ρ·cp) of the material (in m²/s; carbon steel is about 1.2e-5, copper 1.1e-4, glass about 5e-7)? The time scale L²/α depends on it, and I will not assume a material.",
            "heat-slab" when !p.ContainsKey("h") =>
                "What is the heat-transfer coefficient h at the faces (in W/(m²·K); still air about 10, oil quench about 1,000, water quench several thousand)? The cooling rate depends on it, and I will not assume one.",
            "newton-cooling" when !p.ContainsKey("k") && !p.ContainsKey("h") =>
                "What is the cooling constant k (in 1/s), or the thermal time constant τ (k = 1/τ)?",
            _ => null,
        };
    }
}
