"""The places the book is about, by name and by each publisher's code: the one place these are written.

The ONS codes are those of the ONS population projections and the national ASCOF data; the DfE numbers are
the local authority numbers of its Local Authority Interactive Tool. Every other module imports them.
"""

from __future__ import annotations

HERTFORDSHIRE = "Hertfordshire"  # the county's name as the ONS, NHS and DfE files write it
HERTFORDSHIRE_ONS = "E10000015"  # ONS code (county council)
HERTFORDSHIRE_DFE = 919  # DfE local authority number

ENGLAND = "England"
ENGLAND_ONS = "E92000001"
ENGLAND_DFE = 970

REGION = "East of England"  # Hertfordshire's ONS region
REGION_ONS = "E12000006"
