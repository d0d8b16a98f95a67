"""The live vote: votes and their rules (`voting`), the in-memory ballot box and its batched writer
(`ballot_box`, `ballot_log`), the participants' signed tokens, the postcard round (`collection`),
and what the votes feed to the other pages (`feeds`)."""
