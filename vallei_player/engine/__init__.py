"""The audio engine: decoding and caching clips, the one mixer, outputs, and the player.

Uses numpy, pydub/ffmpeg and sounddevice; never Qt.
"""
