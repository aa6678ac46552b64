using MemControl.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>The resnets of a UNet up block, whose input widths account for the concatenated skip connections.</summary>
internal static class UpBlockResnets
{
    /// <summary>
    /// Resnet i takes (i = 0 ? the block below's channels : out) plus the skip's channels, which are the down path's
    /// widths read backwards: out for all but the last resnet, inChannels for the last (diffusers' res_skip_channels).
    /// </summary>
    public static ModuleList<ResnetBlock2D> Build(int layers, long inChannels, long previousOutChannels,
        long outChannels, long timeEmbeddingChannels, long groups, double eps, double dropout) =>
        nn.ModuleList(Enumerable.Range(0, layers)
            .Select(i =>
            {
                var skipChannels = i == layers - 1 ? inChannels : outChannels;
                var hiddenChannels = i == 0 ? previousOutChannels : outChannels;
                return new ResnetBlock2D(hiddenChannels + skipChannels, outChannels, timeEmbeddingChannels, groups, eps, dropout);
            })
            .ToArray());
}
