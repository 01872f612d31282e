"""Made-up clusters for the benchmark smoke tests (never the licensed dev data)."""

# Made-up news: two events, each told by three outlets, with a reference in Multi-News style.
CLUSTERS = [
    {
        "id": "flood",
        "documents": [
            "Heavy rain flooded the river town of Elmsford on Tuesday. Hundreds of families left their homes. "
            "The mayor declared a state of emergency after the river burst its banks overnight.\n \n "
            "Volunteers filled sandbags until dawn. Local bakeries handed out free bread.",
            "Hundreds of families fled Elmsford on Tuesday after heavy rain flooded the town. "
            "A state of emergency was declared by the mayor. The river burst its banks overnight, officials said.",
            "Elmsford's football club postponed its weekend match because of the flood. "
            "The mayor said the state of emergency would last at least a week. Schools stay closed on Wednesday.",
        ],
        "summaries": [
            "– Heavy rain flooded Elmsford on Tuesday and hundreds of families left their homes. The mayor "
            "declared a state of emergency after the river burst its banks overnight. Schools stay closed."
        ],
    },
    {
        "id": "bridge",
        "documents": [
            "The new Harbor Bridge opened to traffic on Monday after four years of work. It cost 310 million dollars. "
            "The governor cut the ribbon in front of a crowd of about 2,000 people.",
            "Drivers crossed the Harbor Bridge for the first time on Monday. The bridge took four years to build. "
            "Officials put the cost at 320 million dollars, above the first estimate.",
            "Cyclists get a separate lane on the Harbor Bridge, which opened Monday. "
            "The governor praised the workers who built it over four years.",
        ],
        "summaries": [
            "– The Harbor Bridge opened to traffic on Monday after four years of work, with a ribbon cut by the "
            "governor. Its cost was put at 310 or 320 million dollars. Cyclists get their own lane."
        ],
    },
]
