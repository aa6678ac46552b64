namespace MemControl.Models.Schedulers;

/// <summary>
/// How N inference timesteps are picked from the T training timesteps (diffusers' <c>timestep_spacing</c>; the choices
/// are compared in Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are Flawed", Table 2).
/// </summary>
public enum TimestepSpacing
{
    /// <summary><c>leading</c>: 0, r, 2r, … with r = T div N, plus steps_offset (SD-1.x).</summary>
    Leading,

    /// <summary><c>trailing</c>: T − k·T/N − 1, rounded, so the first step is T − 1.</summary>
    Trailing,

    /// <summary><c>linspace</c>: N values evenly spaced over [0, T − 1], rounded.</summary>
    Linspace,
}
