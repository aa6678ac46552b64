using System.Text.Json.Serialization;

namespace MemControl.Peft;

/// <summary>
/// What the user chooses for a PEFT method (peft's PeftConfig role). Each method has one record deriving from this;
/// the record validates itself on construction and is saved in <c>adapter.json</c>.
/// </summary>
public abstract record PeftConfig
{
    /// <summary>The registered method name (<c>svdiff</c>, <c>difffit</c>, ...); see <see cref="PeftMethodRegistry"/>.</summary>
    [JsonIgnore]
    public abstract string Method { get; }

    /// <summary>The method variant, when the method has several (SV-DIFF: <c>author</c> or <c>memcontrol</c>).</summary>
    [JsonIgnore]
    public virtual string? Variant => null;
}
